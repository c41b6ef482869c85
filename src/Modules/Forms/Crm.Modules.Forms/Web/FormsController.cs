using Crm.Modules.Forms.Contracts;
using Crm.Modules.Forms.Domain;
using Crm.Modules.Forms.Features;
using Crm.Modules.Identity.Contracts;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Forms.Web;

public sealed record FormListItem(Form Form, FormFigures Figures);

public sealed record FormEditModel(FormInput Input, IReadOnlyList<TeamSummary> Teams, string? PublicLink, string? EmbedSnippet, int VersionNumber);

/// <summary>The designer (administrators, and whoever is given <see cref="FormsPermissions.Design"/>): forms, their fields and settings, a preview, the link and the embed snippet.</summary>
[Area(FormsModule.ModuleName)]
[HasPermission(FormsPermissions.Design)]
[AutoValidateAntiforgeryToken]
public sealed class FormsController(DbContext db, FormDesigner designer, SubmissionList submissions, ICurrentUser user, IMediator mediator, PublicSite site,
    FormProtection protection, IStringLocalizer<FormsResources> l) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(bool deleted, CancellationToken cancellationToken)
    {
        var forms = await (deleted ? db.Set<Form>().IgnoreQueryFilters().Where(f => f.IsDeleted) : db.Set<Form>()).AsNoTracking()
            .OrderBy(f => f.Name).Take(500).ToListAsync(cancellationToken);
        var items = new List<FormListItem>();
        foreach (var form in forms)
        {
            items.Add(new FormListItem(form, await submissions.FiguresAsync(form, cancellationToken)));
        }

        ViewBag.Deleted = deleted;
        return View(items);
    }

    [HttpGet]
    public async Task<IActionResult> Edit(Guid? id, FormKind kind, CancellationToken cancellationToken)
    {
        if (id is null && kind == FormKind.Newsletter)
        {
            var fields = NewsletterIssue.Fields(key => (l.InCulture("fa", key), l.InCulture("en", key)));
            return View(await ModelAsync(new FormInput { Kind = kind, TeamId = user.TeamId, Fields = FormFields.Write(fields) }, null, cancellationToken));
        }

        if (id is null)
        {
            return View(await ModelAsync(new FormInput { IsPublic = true, AddToContacts = true, TeamId = user.TeamId }, null, cancellationToken));
        }

        var form = await db.Set<Form>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (form is null)
        {
            return NotFound();
        }

        var version = await db.Set<FormVersion>().AsNoTracking().FirstAsync(v => v.Id == form.CurrentVersionId, cancellationToken);
        return View(await ModelAsync(FormDesigner.InputOf(form, version.Fields), form, cancellationToken, version.Number));
    }

    [HttpPost]
    public async Task<IActionResult> Edit(FormInput input, string? then, CancellationToken cancellationToken)
    {
        SaveResult result;
        try
        {
            result = await designer.SaveAsync(input, user.UserId, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }

        if (!result.Saved)
        {
            foreach (var (key, error) in result.Errors)
            {
                ModelState.AddModelError(key, error);
            }

            var form = input.Id is { } id ? await db.Set<Form>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken) : null;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(await ModelAsync(input, form, cancellationToken));
        }

        TempData["Message"] = l["FormSaved"].Value;
        return then == "preview" ? RedirectToAction("Preview", new { id = result.Id }) : RedirectToAction("Edit", new { id = result.Id });
    }

    /// <summary>The form as a visitor sees it, side by side at desktop and phone width, in the language chosen.</summary>
    [HttpGet]
    public async Task<IActionResult> Preview(Guid id, CancellationToken cancellationToken)
    {
        var form = await db.Set<Form>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
        return form is null ? NotFound() : View(form);
    }

    /// <summary>The form's page for the preview's frames: the visitor's fields, nothing sent, and framed by this site only.</summary>
    [HttpGet]
    public async Task<IActionResult> PreviewFrame(Guid id, CancellationToken cancellationToken)
    {
        var form = await db.Set<Form>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (form is null)
        {
            return NotFound();
        }

        PagePolicy.AllowAncestors(Response, ["'self'"]);
        var fields = (await SubmissionValues.FieldsAsync(db, form.CurrentVersionId, cancellationToken)).Where(f => f.OnPublicForm).ToList();
        var defaults = fields.Where(f => f.Default is not null).ToDictionary(f => f.Key, f => f.Default);
        return View("~/Areas/Forms/Views/Fill/Fill.cshtml", new FillModel(form, fields, protection.IssueToken(form.Id), defaults, new Dictionary<string, string>(), true, true, false, null));
    }

    [HttpPost]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        var form = await db.Set<Form>().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (form is null)
        {
            return NotFound();
        }

        db.Remove(form);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = l["FormDeleted"].Value;
        TempData["RestoreUrl"] = Url.Action("Restore", new { id });
        return RedirectToAction("Index");
    }

    [HttpPost]
    public async Task<IActionResult> Restore(Guid id, CancellationToken cancellationToken)
    {
        var form = await db.Set<Form>().IgnoreQueryFilters().FirstOrDefaultAsync(f => f.Id == id && f.IsDeleted, cancellationToken);
        if (form is null)
        {
            return NotFound();
        }

        form.IsDeleted = false;
        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = l["FormRestored"].Value;
        return RedirectToAction("Index");
    }

    private async Task<FormEditModel> ModelAsync(FormInput input, Form? form, CancellationToken cancellationToken, int versionNumber = 0)
    {
        var teams = await mediator.Send(new ListTeams(), cancellationToken);
        string? link = null, snippet = null;
        if (form is not null)
        {
            link = site.Link(FormLinks.Public(form.PublicKey));
            snippet = $"<script src=\"{site.Link("/js/form-embed.js")}\" data-form=\"{form.PublicKey}\" async></script>";
        }

        return new FormEditModel(input, teams, link, snippet, versionNumber);
    }
}
