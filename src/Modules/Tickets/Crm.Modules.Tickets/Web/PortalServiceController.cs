using Crm.SharedKernel.Web;
using Crm.Modules.Portal.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.Modules.Tickets.Features;
using Crm.SharedKernel.Files;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Tickets.Web;

public sealed record PortalTicketModel(Ticket Ticket, IReadOnlyList<TicketEntry> Thread, ILookup<Guid, TicketAttachment> Files, string? Error);

public sealed record PortalNewTicketModel(OpenTicketForm Form, IReadOnlyList<ProductRegistration> Registrations, IReadOnlyList<string> Categories, IReadOnlyDictionary<string, string> Errors);

public sealed class OpenTicketForm
{
    public string? Subject { get; set; }

    public string? Description { get; set; }

    public string? Category { get; set; }

    public Guid? RegistrationId { get; set; }
}

public sealed record PortalRepairModel(RepairOrder Repair, string? Error);

/// <summary>
/// The customer's tickets and repairs on the portal: open a ticket with files, follow its public thread (replies and
/// what the customer wrote; internal notes, referrals and staff names never), reply, rate it once resolved; see each
/// repair and approve or refuse its estimate. Anything not the signed-in customer's is 404.
/// </summary>
[PortalPage]
[AutoValidateAntiforgeryToken]
public sealed class PortalServiceController(DbContext db, IMediator mediator, TicketAttachments attachments, IStringLocalizer<TicketsResources> l) : Controller
{
    public const string TicketsSection = "tickets";
    public const string RepairsSection = "repairs";
    public const int PageSize = 20;

    /// <summary>What the customer sees of a thread: never internal notes, referrals or status lines.</summary>
    public static readonly TicketEntryKind[] PublicKinds = [TicketEntryKind.Created, TicketEntryKind.Reply, TicketEntryKind.CustomerReply];

    [HttpGet("/portal/tickets")]
    public async Task<IActionResult> Tickets(int page, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(TicketsSection, cancellationToken) is not { } customer)
        {
            return NotFound();
        }

        page = Math.Clamp(page, 0, 1000);
        var rows = await TicketsOf(customer).AsNoTracking().OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Skip(page * PageSize).Take(PageSize + 1).ToListAsync(cancellationToken);
        ViewBag.Next = rows.Count > PageSize ? page + 1 : (int?)null;
        return View("~/Areas/Tickets/Views/PortalService/Tickets.cshtml", rows.Take(PageSize).ToList());
    }

    [HttpGet("/portal/tickets/new")]
    public async Task<IActionResult> New(Guid? registration, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(TicketsSection, cancellationToken) is not { } customer)
        {
            return NotFound();
        }

        return View("~/Areas/Tickets/Views/PortalService/New.cshtml", await NewModelAsync(customer, new OpenTicketForm { RegistrationId = registration }, new Dictionary<string, string>(), cancellationToken));
    }

    [HttpPost("/portal/tickets/new")]
    [RequestSizeLimit(TicketAttachments.MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = TicketAttachments.MaxRequestBytes)]
    public async Task<IActionResult> Open(OpenTicketForm form, List<IFormFile>? files, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(TicketsSection, cancellationToken) is not { } customer)
        {
            return NotFound();
        }

        CommandResult result;
        try
        {
            result = await mediator.Send(new OpenPortalTicket(customer.ContactId, form.Subject, form.Description, form.Category, form.RegistrationId, Uploads(files)), cancellationToken);
        }
        catch (FilesRefusedException e)
        {
            result = CommandResult.Invalid("Files", e.Message);
        }

        if (!result.Saved)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("~/Areas/Tickets/Views/PortalService/New.cshtml", await NewModelAsync(customer, form, result.Errors, cancellationToken));
        }

        TempData["Message"] = l["Portal_TicketOpened"].Value;
        return Redirect($"/portal/tickets/{result.Id}");
    }

    [HttpGet("/portal/tickets/{id:guid}")]
    public async Task<IActionResult> Ticket(Guid id, CancellationToken cancellationToken) =>
        await CustomerAsync(TicketsSection, cancellationToken) is { } customer && await ThreadAsync(customer, id, null, cancellationToken) is { } model
            ? View("~/Areas/Tickets/Views/PortalService/Ticket.cshtml", model)
            : NotFound();

    [HttpPost("/portal/tickets/{id:guid}/reply")]
    [RequestSizeLimit(TicketAttachments.MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = TicketAttachments.MaxRequestBytes)]
    public async Task<IActionResult> Reply(Guid id, string? body, List<IFormFile>? files, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(TicketsSection, cancellationToken) is not { } customer || !await TicketsOf(customer).AnyAsync(t => t.Id == id, cancellationToken))
        {
            return NotFound();
        }

        var result = await mediator.Send(new AddTicketEntry(id, TicketEntryKind.CustomerReply, body, Uploads(files)), cancellationToken);
        if (!result.Saved)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("~/Areas/Tickets/Views/PortalService/Ticket.cshtml", await ThreadAsync(customer, id, result.Errors.Values.First(), cancellationToken));
        }

        TempData["Message"] = l["Portal_ReplySent"].Value;
        return Redirect($"/portal/tickets/{id}#thread-end");
    }

    [HttpPost("/portal/tickets/{id:guid}/rate")]
    public async Task<IActionResult> Rate(Guid id, int score, string? comment, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(TicketsSection, cancellationToken) is not { } customer || !await TicketsOf(customer).AnyAsync(t => t.Id == id, cancellationToken))
        {
            return NotFound();
        }

        var result = await mediator.Send(new RateTicket(id, score, comment), cancellationToken);
        TempData[result.Saved ? "Message" : "Error"] = result.Saved ? l["Rating_Thanks"].Value : result.Errors.Values.First();
        return Redirect($"/portal/tickets/{id}");
    }

    /// <summary>A file of the ticket's public thread; a file of an internal note is not found.</summary>
    [HttpGet("/portal/tickets/{id:guid}/files/{file:guid}")]
    public async Task<IActionResult> File(Guid id, Guid file, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(TicketsSection, cancellationToken) is not { } customer || !await TicketsOf(customer).AnyAsync(t => t.Id == id, cancellationToken))
        {
            return NotFound();
        }

        var attachment = await db.Set<TicketAttachment>().AsNoTracking()
            .Where(a => a.Id == file && a.TicketId == id && db.Set<TicketEntry>().Any(e => e.Id == a.EntryId && PublicKinds.Contains(e.Kind)))
            .FirstOrDefaultAsync(cancellationToken);
        if (attachment is null || await attachments.OpenAsync(attachment, cancellationToken) is not { } content)
        {
            return NotFound();
        }

        return UploadedFiles.Serve(this, content, attachment.ContentType, attachment.FileName);
    }

    [HttpGet("/portal/repairs")]
    public async Task<IActionResult> Repairs(int page, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(RepairsSection, cancellationToken) is not { } customer)
        {
            return NotFound();
        }

        page = Math.Clamp(page, 0, 1000);
        var rows = await RepairsOf(customer).AsNoTracking().OrderByDescending(r => r.ReceivedAt).ThenByDescending(r => r.Id)
            .Skip(page * PageSize).Take(PageSize + 1).ToListAsync(cancellationToken);
        ViewBag.Next = rows.Count > PageSize ? page + 1 : (int?)null;
        return View("~/Areas/Tickets/Views/PortalService/Repairs.cshtml", rows.Take(PageSize).ToList());
    }

    [HttpGet("/portal/repairs/{id:guid}")]
    public async Task<IActionResult> Repair(Guid id, CancellationToken cancellationToken) =>
        await CustomerAsync(RepairsSection, cancellationToken) is { } customer
            && await RepairsOf(customer).AsNoTracking().Include(r => r.Operations).Include(r => r.Parts).AsSplitQuery().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is { } repair
            ? View("~/Areas/Tickets/Views/PortalService/Repair.cshtml", new PortalRepairModel(repair, null))
            : NotFound();

    /// <summary>The customer approves or refuses the repair's estimate.</summary>
    [HttpPost("/portal/repairs/{id:guid}/answer")]
    public async Task<IActionResult> Answer(Guid id, bool approve, CancellationToken cancellationToken)
    {
        if (await CustomerAsync(RepairsSection, cancellationToken) is not { } customer || !await RepairsOf(customer).AnyAsync(r => r.Id == id, cancellationToken))
        {
            return NotFound();
        }

        var result = await mediator.Send(new AnswerEstimate(id, ApprovalChannel.Portal, approve), cancellationToken);
        TempData[result.Saved ? "Message" : "Error"] = result.Saved ? l[approve ? "EstimateApproved" : "EstimateDeclinedDone"].Value : result.Errors.Values.First();
        return Redirect($"/portal/repairs/{id}");
    }

    private Task<PortalCustomer?> CustomerAsync(string section, CancellationToken cancellationToken) =>
        PortalCustomer.InSectionAsync(User, mediator, section, cancellationToken);

    private IQueryable<Ticket> TicketsOf(PortalCustomer customer) => db.Set<Ticket>().OfCustomer(customer, t => t.ContactId, t => t.OrganizationId);

    private IQueryable<RepairOrder> RepairsOf(PortalCustomer customer) => db.Set<RepairOrder>().OfCustomer(customer, r => r.ContactId, r => r.OrganizationId);

    private async Task<PortalTicketModel?> ThreadAsync(PortalCustomer customer, Guid id, string? error, CancellationToken cancellationToken)
    {
        if (await TicketsOf(customer).AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken) is not { } ticket)
        {
            return null;
        }

        var thread = await db.Set<TicketEntry>().AsNoTracking().Where(e => e.TicketId == id && PublicKinds.Contains(e.Kind)).OrderBy(e => e.At).ThenBy(e => e.Id).Take(1000).ToListAsync(cancellationToken);
        var entryIds = thread.Select(e => e.Id).ToList();
        var files = await db.Set<TicketAttachment>().AsNoTracking().Where(a => a.TicketId == id && entryIds.Contains(a.EntryId)).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        return new PortalTicketModel(ticket, thread, files.ToLookup(f => f.EntryId), error);
    }

    private async Task<PortalNewTicketModel> NewModelAsync(PortalCustomer customer, OpenTicketForm form, IReadOnlyDictionary<string, string> errors, CancellationToken cancellationToken)
    {
        var contact = customer.ContactId;
        var registrations = await db.Set<ProductRegistration>().AsNoTracking().Where(r => r.ContactId == contact).OrderBy(r => r.ProductName).Take(100).ToListAsync(cancellationToken);
        // The categories staff already file tickets under, so the customer's choice lands in a known queue.
        var categories = await db.Set<Ticket>().AsNoTracking().Where(t => t.Category != null).Select(t => t.Category!).Distinct().OrderBy(c => c).Take(50).ToListAsync(cancellationToken);
        // What was typed goes back into the form, bounded: an over-long text is shown cut, with its error.
        form.Subject = form.Subject is null ? null : TextLimits.Shorten(form.Subject, Domain.Ticket.SubjectMaxLength * 2);
        form.Description = form.Description is null ? null : TextLimits.Shorten(form.Description, Domain.Ticket.DescriptionMaxLength * 2);
        form.Category = form.Category is null ? null : TextLimits.Shorten(form.Category, Domain.Ticket.CategoryMaxLength * 2);
        return new PortalNewTicketModel(form, registrations, categories, errors);
    }

    private static IReadOnlyList<TicketUpload> Uploads(List<IFormFile>? files) =>
        [.. (files ?? []).Where(f => f.Length > 0 || f.FileName.Length > 0).Select(f => new TicketUpload(f.FileName, f.Length, f.OpenReadStream))];
}
