using Crm.SharedKernel.Files;
using Microsoft.AspNetCore.Mvc;

namespace Crm.SharedKernel.Web;

/// <summary>How a stored upload is answered, wherever it is asked for (a ticket's attachment, a form's file, a task's document).</summary>
public static class UploadedFiles
{
    /// <summary>
    /// The file, never run as a page of this site whatever it holds: sandboxed, its type not guessed, shown in place only
    /// when it is an image or a PDF, otherwise downloaded under its name.
    /// </summary>
    public static IActionResult Serve(ControllerBase controller, Stream content, string contentType, string? fileName)
    {
        controller.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'";
        controller.Response.Headers.XContentTypeOptions = "nosniff";
        return AttachmentTypes.ShowsInline(contentType) ? controller.File(content, contentType) : controller.File(content, contentType, fileName ?? "file");
    }
}
