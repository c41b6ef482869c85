using Crm.SharedKernel.Files;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Tickets.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.Modules.Tickets.Features;
using Crm.SharedKernel.Imports;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Tickets.Web;

/// <summary>
/// Tickets for those who work on them (the view and edit permissions, by the tickets' own visibility rule), and a
/// ticket's page, read-only, for sales staff whose customer it is (<see cref="TicketsPermissions.ViewCustomerTickets"/>).
/// </summary>
[Area(TicketsModule.ModuleName)]
[AutoValidateAntiforgeryToken]
public sealed class TicketsController(
    DbContext db,
    ICurrentUser user,
    IMediator mediator,
    RecordDirectory records,
    TicketAttachments attachments,
    IClock clock,
    IWorkingCalendarSource calendars,
    IDisplayFormatter format,
    ISpreadsheets spreadsheets,
    IStringLocalizer<TicketsResources> l) : Controller
{
    public const int PageSize = 50;

    /// <summary>The most tickets one bulk action changes: a few pages' worth, each through its own command.</summary>
    public const int MaxBulk = 200;

    [HttpGet]
    [HasPermission(TicketsPermissions.View)]
    public async Task<IActionResult> Index([FromQuery] TicketFilter filter, CancellationToken cancellationToken)
    {
        var page = await TicketListStatement.PageAsync(db, user, filter, PageSize, cancellationToken);
        var owners = await mediator.Send(new GetUserNames([.. page.Rows.Where(r => r.OwnerId is not null).Select(r => r.OwnerId!.Value).Distinct()]), cancellationToken);
        var agents = user.HasPermission(TicketsPermissions.Edit) ? await mediator.Send(new ListUsersWithPermission(TicketsPermissions.Edit), cancellationToken) : [];
        return View(new TicketListModel(filter, page, owners, await mediator.Send(new ListTeams(), cancellationToken), agents));
    }

    /// <summary>The list's tickets under its filters, every one the user can see, as an Excel sheet written as it is read.</summary>
    [HttpGet]
    [HasPermission(TicketsPermissions.Export)]
    public async Task Export([FromQuery] TicketFilter filter, CancellationToken cancellationToken)
    {
        var query = TicketList.Query(db, user, filter);
        query = filter.Sort == "due" ? query.OrderBy(t => t.SlaSortKey).ThenBy(t => t.Id) : query.OrderByDescending(t => t.Id);
        var names = (await mediator.Send(new ListUsers(ActiveOnly: false), cancellationToken)).ToDictionary(u => u.Id, u => u.DisplayName);
        var teams = (await mediator.Send(new ListTeams(), cancellationToken)).ToDictionary(t => t.Id, t => t.Name);
        var rows = query.Select(t => new { t.Number, t.Subject, t.CustomerName, t.Category, t.Priority, t.Channel, t.Status, t.SlaState, t.SlaDueAt, t.OwnerId, t.TeamId, t.CreatedAt, t.ResolvedAt })
            .AsAsyncEnumerable();
        Response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        Response.Headers.ContentDisposition = $"attachment; filename=\"tickets-{clock.UtcNow:yyyyMMdd-HHmm}.xlsx\"";
        await spreadsheets.WriteXlsxAsync(Response.Body, l["Menu_Tickets"],
            [l["Field_Number"], l["Field_Subject"], l["Field_Customer"], l["Field_Category"], l["Field_Priority"], l["Field_Channel"], l["Field_Status"], l["Field_SlaState"],
                l["Field_SlaDue"], l["Field_Owner"], l["Field_Team"], l["Field_CreatedAt"], l["Field_ResolvedAt"]],
            rows.ToSheetRows(t => [t.Number, t.Subject, t.CustomerName, t.Category, l["Priority_" + t.Priority].Value, l["Channel_" + t.Channel].Value, l["Status_" + t.Status].Value,
                l["Sla_" + t.SlaState].Value, t.SlaDueAt is { } due ? format.DateTime(due) : null, t.OwnerId is { } o && names.TryGetValue(o, out var owner) ? owner : null,
                t.TeamId is { } team && teams.TryGetValue(team, out var teamName) ? teamName : null, format.DateTime(t.CreatedAt), t.ResolvedAt is { } solved ? format.DateTime(solved) : null]),
            format.IsPersian, cancellationToken);
    }

    /// <summary>
    /// One action on the tickets ticked in the list: refer them to a person or a team's queue, move them to a status, or
    /// delete them (restorable). Each ticket goes through the same command as on its own page, so its history, SLA clock
    /// and notices are kept; one that was changed meanwhile or cannot take the action is left as it is and counted.
    /// </summary>
    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public async Task<IActionResult> Bulk(Guid[] ids, string? operation, string? referTo, TicketStatus? status, string? returnQuery, CancellationToken cancellationToken)
    {
        var chosen = ids.Distinct().Take(MaxBulk).ToList();
        var selected = await TicketList.Query(db, user, new TicketFilter { Scope = "all" }).Where(t => chosen.Contains(t.Id)).Select(t => new { t.Id, t.Version })
            .ToListAsync(cancellationToken);
        var (done, refused, reason) = (0, 0, (string?)null);
        if (operation == "delete")
        {
            var tickets = await db.Set<Ticket>().VisibleTo(user).Where(t => chosen.Contains(t.Id)).ToListAsync(cancellationToken);
            db.RemoveRange(tickets);
            await db.SaveChangesAsync(cancellationToken);
            done = tickets.Count;
        }
        else
        {
            Func<Guid, Guid, ICommand<CommandResult>>? command = operation switch
            {
                "refer" when referTo?.Split(':') is [var kind, var value] && Guid.TryParse(value, out var to) =>
                    (id, version) => new ReferTicket(id, version, kind == "user" ? to : null, kind == "team" ? to : null, null),
                "status" when status is TicketStatus.InProgress or TicketStatus.WaitingOnCustomer or TicketStatus.Resolved or TicketStatus.Closed =>
                    (id, version) => new ChangeTicketStatus(id, version, status.Value, null, null),
                _ => null,
            };
            if (command is null)
            {
                TempData["Error"] = l["Error_Choice"].Value;
                return BackToList(returnQuery);
            }

            foreach (var ticket in selected)
            {
                try
                {
                    var result = await mediator.Send(command(ticket.Id, ticket.Version), cancellationToken);
                    (done, refused, reason) = result.Saved ? (done + 1, refused, reason) : (done, refused + 1, reason ?? result.Errors.Values.First());
                }
                catch (DbUpdateConcurrencyException)
                {
                    // Someone changed it between the list and the action: leave it, and forget what this attempt loaded.
                    db.ChangeTracker.Clear();
                    (refused, reason) = (refused + 1, reason ?? l["Error_Concurrency"].Value);
                }
            }
        }

        TempData["Message"] = l["BulkDone", format.Number(done)].Value;
        if (refused > 0)
        {
            TempData["Error"] = l["BulkRefused", format.Number(refused), reason ?? ""].Value;
        }

        return BackToList(returnQuery);
    }

    private RedirectResult BackToList(string? returnQuery) =>
        Redirect(Url.Action(nameof(Index)) + (returnQuery is { Length: <= 2000 } && returnQuery.StartsWith('?') ? returnQuery : ""));

    [HttpGet]
    public async Task<IActionResult> Details(Guid id, CancellationToken cancellationToken)
    {
        if (await ReadableAsync(id, cancellationToken) is not { } ticket)
        {
            return ReadableOutcome();
        }

        var entries = await db.Set<TicketEntry>().AsNoTracking().Where(e => e.TicketId == id).OrderBy(e => e.At).ThenBy(e => e.Id).Take(1000).ToListAsync(cancellationToken);
        var files = await db.Set<TicketAttachment>().AsNoTracking().Where(a => a.TicketId == id).OrderBy(a => a.At).ThenBy(a => a.Id).Take(500).ToListAsync(cancellationToken);
        var targets = await db.Set<TicketSlaTarget>().AsNoTracking().Where(t => t.TicketId == id).OrderBy(t => t.StartedAt).ThenBy(t => t.Kind).ToListAsync(cancellationToken);
        var people = entries.SelectMany(e => new[] { e.AuthorId, e.FromOwnerId, e.ToOwnerId }).Append(ticket.OwnerId).OfType<Guid>().Distinct().ToList();
        var customer = ticket.OrganizationId is { } o ? new RecordRef(RecordTypes.Organization, o) : ticket.ContactId is { } c ? new RecordRef(RecordTypes.Contact, c) : (RecordRef?)null;
        var customerUrl = customer is { } reference ? (await records.FindVisibleAsync(reference, cancellationToken))?.Url : null;
        return View(new TicketDetailsModel(ticket, entries, files.ToLookup(f => f.EntryId), targets, await mediator.Send(new GetUserNames(people), cancellationToken),
            await mediator.Send(new ListTeams(), cancellationToken), await mediator.Send(new ListUsersWithPermission(TicketsPermissions.Edit), cancellationToken), customerUrl, clock.UtcNow,
            await calendars.GetAsync(cancellationToken),
            ticket.RegistrationId is { } rid ? await db.Set<ProductRegistration>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == rid, cancellationToken) : null,
            await db.Set<RepairOrder>().VisibleTo(user).AsNoTracking().Where(r => r.TicketId == id).OrderBy(r => r.Id).Take(20).ToListAsync(cancellationToken)));
    }

    /// <summary>
    /// The ticket if the user may read it: by the tickets' own rule with the view permission, or as a customer's ticket
    /// the user's customer rule lets them see with <see cref="TicketsPermissions.ViewCustomerTickets"/>.
    /// </summary>
    private async Task<Ticket?> ReadableAsync(Guid id, CancellationToken cancellationToken)
    {
        var tickets = db.Set<Ticket>().IgnoreQueryFilters().AsNoTracking();
        if (user.HasPermission(TicketsPermissions.View) && await tickets.VisibleTo(user).FirstOrDefaultAsync(t => t.Id == id, cancellationToken) is { } own)
        {
            return own;
        }

        if (!user.HasPermission(TicketsPermissions.ViewCustomerTickets) || await tickets.FirstOrDefaultAsync(t => t.Id == id && !t.IsDeleted, cancellationToken) is not { } ticket)
        {
            return null;
        }

        var customer = ticket.OrganizationId is { } o ? new RecordRef(RecordTypes.Organization, o) : new RecordRef(RecordTypes.Contact, ticket.ContactId ?? Guid.Empty);
        return await records.FindVisibleAsync(customer, cancellationToken) is null ? null : ticket;
    }

    /// <summary>Not found for someone who reads tickets; forbidden for someone who reads none.</summary>
    private IActionResult ReadableOutcome() =>
        user.HasPermission(TicketsPermissions.View) || user.HasPermission(TicketsPermissions.ViewCustomerTickets) ? NotFound() : Forbid();

    [HttpGet]
    [HasPermission(TicketsPermissions.Edit)]
    public async Task<IActionResult> Create(string? customer, Guid? registration, CancellationToken cancellationToken)
    {
        var model = new TicketEditModel();
        model.Input.RegistrationId = registration;
        if (RecordRef.TryParse(customer, out var reference) && await records.FindVisibleAsync(reference, cancellationToken) is { } link)
        {
            (model.Input.Customer, model.CustomerTitle) = (reference.ToString(), link.Title);
        }

        return View("Edit", await FillAsync(model, cancellationToken));
    }

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public Task<IActionResult> Create(TicketEditModel model, CancellationToken cancellationToken)
    {
        model.Input.Id = null;
        return SaveAsync(model, cancellationToken);
    }

    [HttpGet]
    [HasPermission(TicketsPermissions.Edit)]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken)
    {
        var ticket = await db.Set<Ticket>().VisibleTo(user).AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (ticket is null)
        {
            return NotFound();
        }

        var customer = ticket.OrganizationId is { } o ? new RecordRef(RecordTypes.Organization, o) : new RecordRef(RecordTypes.Contact, ticket.ContactId ?? Guid.Empty);
        var model = new TicketEditModel
        {
            CustomerTitle = ticket.CustomerName,
            Input = new TicketInput
            {
                Id = ticket.Id, Version = ticket.Version, Subject = ticket.Subject, Description = ticket.Description, Customer = customer.ToString(),
                Category = ticket.Category, Priority = ticket.Priority, Channel = ticket.Channel, OwnerId = ticket.OwnerId, RegistrationId = ticket.RegistrationId,
            },
        };
        return View(await FillAsync(model, cancellationToken));
    }

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public Task<IActionResult> Edit(Guid id, TicketEditModel model, CancellationToken cancellationToken)
    {
        model.Input.Id = id;
        return SaveAsync(model, cancellationToken);
    }

    private Task<IActionResult> SaveAsync(TicketEditModel model, CancellationToken cancellationToken) =>
        this.SaveFormAsync(mediator, new SaveTicket(model.Input), async () => View("Edit", await FillAsync(model, cancellationToken)), l, cancellationToken);

    private async Task<TicketEditModel> FillAsync(TicketEditModel model, CancellationToken cancellationToken)
    {
        model.Users = await mediator.Send(new ListUsersWithPermission(TicketsPermissions.Edit), cancellationToken);
        if (RecordRef.TryParse(model.Input.Customer, out var customer))
        {
            model.Registrations = await db.Set<ProductRegistration>().AsNoTracking().Where(r => r.ContactId == customer.Id || r.OrganizationId == customer.Id)
                .OrderByDescending(r => r.PurchaseDate).Take(50).ToListAsync(cancellationToken);
        }

        model.Categories = await db.Set<Ticket>().AsNoTracking().Where(t => t.Category != null).Select(t => t.Category!).Distinct().OrderBy(c => c).Take(50).ToListAsync(cancellationToken);
        return model;
    }

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    [RequestSizeLimit(TicketAttachments.MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = TicketAttachments.MaxRequestBytes)]
    public Task<IActionResult> AddEntry(Guid id, TicketEntryKind kind, string? body, List<IFormFile>? files, CancellationToken cancellationToken) =>
        AfterAsync(id, new AddTicketEntry(id, kind, body, [.. (files ?? []).Select(f => new TicketUpload(f.FileName, f.Length, f.OpenReadStream))]),
            kind == TicketEntryKind.Note ? "NoteAdded" : "ReplyAdded", cancellationToken);

    /// <summary>A file of the thread, to those who may see the ticket; images and PDFs open in place, the rest download.</summary>
    [HttpGet]
    public async Task<IActionResult> Attachment(Guid id, Guid file, CancellationToken cancellationToken)
    {
        if (await ReadableAsync(id, cancellationToken) is null)
        {
            return ReadableOutcome();
        }

        var attachment = await db.Set<TicketAttachment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == file && a.TicketId == id, cancellationToken);
        if (attachment is null || await attachments.OpenAsync(attachment, cancellationToken) is not { } content)
        {
            return NotFound();
        }

        return UploadedFiles.Serve(this, content, attachment.ContentType, attachment.FileName);
    }

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public Task<IActionResult> Status(Guid id, Guid version, TicketStatus status, string? postponedUntil, string? reason, CancellationToken cancellationToken) =>
        StatusAsync(id, version, status, postponedUntil, reason, cancellationToken);

    private async Task<IActionResult> StatusAsync(Guid id, Guid version, TicketStatus status, string? postponedUntil, string? reason, CancellationToken cancellationToken)
    {
        DateTime? until = null;
        if (status == TicketStatus.Postponed && format.TryParseDateInput(postponedUntil, out var date))
        {
            // Put off until the start of that day's work.
            var calendar = await calendars.GetAsync(cancellationToken);
            until = calendar.WorkingSpan(date)?.StartUtc ?? TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue), calendar.Zone);
        }

        return await AfterAsync(id, new ChangeTicketStatus(id, version, status, until, reason), "StatusChanged", cancellationToken);
    }

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public Task<IActionResult> Refer(Guid id, Guid version, Guid? toUserId, Guid? toTeamId, string? note, CancellationToken cancellationToken) =>
        AfterAsync(id, new ReferTicket(id, version, toUserId, toTeamId, note), "Referred", cancellationToken);

    private Task<IActionResult> AfterAsync(Guid id, ICommand<CommandResult> command, string done, CancellationToken cancellationToken) =>
        this.ActAsync(mediator, id, command, done, l, cancellationToken);

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken) =>
        await this.SoftDeleteAsync(db, await db.Set<Ticket>().VisibleTo(user).FirstOrDefaultAsync(t => t.Id == id, cancellationToken), id, l["Deleted"], cancellationToken);

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public async Task<IActionResult> Restore(Guid id, CancellationToken cancellationToken) =>
        await this.RestoreAsync(db, await db.Set<Ticket>().IgnoreQueryFilters().VisibleTo(user).FirstOrDefaultAsync(t => t.Id == id, cancellationToken), false, id, l["Restored"], cancellationToken);

    [HttpGet]
    [HasPermission(TicketsPermissions.Edit)]
    public async Task<IActionResult> Customers(string? q, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Trim().Length < 2)
        {
            return Json(Array.Empty<object>());
        }

        var found = await records.SearchAsync(TextLimits.Shorten(q.Trim(), 100), 8, [RecordTypes.Organization, RecordTypes.Contact], cancellationToken);
        return Json(found.Select(r => new { value = r.Record.ToString(), title = r.Title, type = r.TypeName }));
    }
}
