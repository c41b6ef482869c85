using System.Globalization;
using Crm.Modules.Activities.Contracts;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Notifications.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Localization;
using Crm.SharedKernel.Web;

namespace Crm.Modules.Tickets.Features;

/// <summary>What a ticket form sends: a new ticket (no <see cref="Id"/>) or an edit of one at <see cref="Version"/>.</summary>
public sealed class TicketInput
{
    public Guid? Id { get; set; }

    public Guid Version { get; set; }

    public string? Subject { get; set; }

    public string? Description { get; set; }

    /// <summary>The customer as a record reference ("Contact:…" or "Organization:…").</summary>
    public string? Customer { get; set; }

    public string? Category { get; set; }

    public TicketPriority Priority { get; set; } = TicketPriority.Normal;

    public TicketChannel Channel { get; set; }

    public Guid? OwnerId { get; set; }

    /// <summary>The customer's registered item the ticket is about.</summary>
    public Guid? RegistrationId { get; set; }

    /// <summary>For a new ticket without an owner: the team whose queue it waits in (mail to a team's mailbox).</summary>
    public Guid? QueueTeamId { get; set; }
}

public sealed record SaveTicket(TicketInput Input) : ICommand<CommandResult>;

/// <summary>A reply the customer sees, an internal note, or what the customer wrote (taken down by staff), with any files.</summary>
public sealed record AddTicketEntry(Guid TicketId, TicketEntryKind Kind, string? Body, IReadOnlyList<TicketUpload>? Files = null) : ICommand<CommandResult>;

public sealed record ChangeTicketStatus(Guid TicketId, Guid Version, TicketStatus Status, DateTime? PostponedUntil, string? Reason) : ICommand<CommandResult>;

/// <summary>Hands the ticket to a person (and their team) or to a team's queue, with a note; the thread keeps who held it.</summary>
public sealed record ReferTicket(Guid TicketId, Guid Version, Guid? ToUserId, Guid? ToTeamId, string? Note) : ICommand<CommandResult>;

public sealed class TicketCommandHandlers(
    DbContext db,
    ICurrentUser user,
    IClock clock,
    IMediator mediator,
    RecordDirectory records,
    TicketSla sla,
    TicketAttachments attachments,
    TicketSatisfaction satisfaction,
    TicketReplies replies,
    TicketAssignment assignment,
    IWorkingCalendarSource calendars,
    IStringLocalizer<TicketsResources> l) :
    IRequestHandler<SaveTicket, CommandResult>,
    IRequestHandler<AddTicketEntry, CommandResult>,
    IRequestHandler<ChangeTicketStatus, CommandResult>,
    IRequestHandler<ReferTicket, CommandResult>
{
    public async ValueTask<CommandResult> Handle(SaveTicket request, CancellationToken cancellationToken)
    {
        var input = request.Input;
        var errors = new Dictionary<string, string>();
        var subject = PersianText.Clean(input.Subject ?? "");
        if (subject.Length == 0)
        {
            errors[nameof(input.Subject)] = l["Error_Subject"];
        }
        else if (subject.Length > Ticket.SubjectMaxLength)
        {
            errors[nameof(input.Subject)] = l["Error_TooLong", Ticket.SubjectMaxLength];
        }

        var description = input.Description?.Trim();
        if (description?.Length > Ticket.DescriptionMaxLength)
        {
            errors[nameof(input.Description)] = l["Error_TooLong", Ticket.DescriptionMaxLength];
        }

        var category = string.IsNullOrWhiteSpace(input.Category) ? null : PersianText.Clean(input.Category);
        if (category?.Length > Ticket.CategoryMaxLength)
        {
            errors[nameof(input.Category)] = l["Error_TooLong", Ticket.CategoryMaxLength];
        }

        if (!Enum.IsDefined(input.Priority) || !Enum.IsDefined(input.Channel))
        {
            errors[nameof(input.Priority)] = l["Error_Choice"];
        }

        RecordLink? customer = null;
        if (!RecordRef.TryParse(input.Customer, out var customerRef) || customerRef.Type is not (RecordTypes.Contact or RecordTypes.Organization)
            || (customer = await records.FindVisibleAsync(customerRef, cancellationToken)) is null)
        {
            errors[nameof(input.Customer)] = l["Error_Customer"];
        }

        UserSummary? owner = null;
        if (input.OwnerId is { } ownerId && (owner = await mediator.Send(new GetUserSummary(ownerId), cancellationToken)) is not { IsActive: true })
        {
            errors[nameof(input.OwnerId)] = l["Error_Owner"];
        }

        if (input.RegistrationId is { } registrationId && customer is not null
            && !await db.Set<ProductRegistration>().AnyAsync(r => r.Id == registrationId && (r.ContactId == customerRef.Id || r.OrganizationId == customerRef.Id), cancellationToken))
        {
            errors[nameof(input.RegistrationId)] = l["Error_Registration"];
        }

        Ticket? ticket = null;
        if (input.Id is { } id)
        {
            ticket = await db.Set<Ticket>().VisibleTo(user).FirstOrDefaultAsync(t => t.Id == id, cancellationToken) ?? throw new KeyNotFoundException();
            if (ticket.Version != input.Version)
            {
                errors[""] = l["Error_Concurrency"];
            }
        }

        if (errors.Count > 0)
        {
            return new CommandResult(Guid.Empty, errors);
        }

        var isNew = ticket is null;
        if (ticket is null)
        {
            ticket = new Ticket { CreatedAt = clock.UtcNow, Status = TicketStatus.New };
            ticket.Number = await TicketNumbers.NextAsync(db, "TCK", (await calendars.GetAsync(cancellationToken)).LocalDate(clock.UtcNow), cancellationToken);
            // Whoever opens it holds it; opened by an automation, the customer's owner does; mail waits in its team's queue.
            var holder = owner ?? (input.QueueTeamId is null && (user.UserId ?? customer!.OwnerId) is { } opener ? await mediator.Send(new GetUserSummary(opener), cancellationToken) : null);
            if (holder is null && input.QueueTeamId is { } queue)
            {
                ticket.TeamId = queue;
            }
            else if (holder is not null)
            {
                ticket.AssignOwner(holder.Id, holder.TeamId);
            }

            db.Add(ticket);
            db.Add(Entry(ticket, TicketEntryKind.Created));
        }

        ticket.Subject = subject;
        ticket.Description = string.IsNullOrEmpty(description) ? null : description;
        ticket.Category = category;
        ticket.RegistrationId = input.RegistrationId;
        ticket.Priority = input.Priority;
        ticket.Channel = input.Channel;
        var isOrganization = customerRef.Type == RecordTypes.Organization;
        (ticket.OrganizationId, ticket.ContactId) = (isOrganization ? customerRef.Id : null, isOrganization ? null : customerRef.Id);
        ticket.CustomerName = TextLimits.Shorten(customer!.Title, 200);
        await sla.RecomputeAsync(ticket, cancellationToken);
        if (isNew)
        {
            await assignment.AssignAsync(ticket, cancellationToken);
            await mediator.Send(new LogTimelineEvent(customerRef, ActivityKind.StatusChange, l.InBoth("Timeline_Opened", ticket.Number, ticket.Subject)), cancellationToken);
        }

        return new CommandResult(ticket.Id, errors);
    }

    public async ValueTask<CommandResult> Handle(AddTicketEntry request, CancellationToken cancellationToken)
    {
        var ticket = await FindAsync(request.TicketId, cancellationToken);
        var body = request.Body?.Trim() ?? "";
        var files = request.Files ?? [];
        if (body.Length == 0 && files.Count == 0)
        {
            return CommandResult.Invalid("Body", l["Error_Body"]);
        }

        if (body.Length > TicketEntry.BodyMaxLength)
        {
            return CommandResult.Invalid("Body", l["Error_TooLong", TicketEntry.BodyMaxLength]);
        }

        if (request.Kind is not (TicketEntryKind.Reply or TicketEntryKind.Note or TicketEntryKind.CustomerReply))
        {
            return CommandResult.Invalid("Kind", l["Error_Choice"]);
        }

        var entry = Entry(ticket, request.Kind);
        entry.Body = body.Length == 0 ? null : body;
        if (await attachments.AddAsync(entry, files, entry.At, cancellationToken) is { } fileError)
        {
            return CommandResult.Invalid("Files", fileError);
        }

        db.Add(entry);
        switch (request.Kind)
        {
            case TicketEntryKind.Reply:
                if (ticket.Status is TicketStatus.New or TicketStatus.Assigned)
                {
                    Move(ticket, TicketStatus.InProgress);
                }

                await sla.AnsweredAsync(ticket, cancellationToken);
                await replies.SendAsync(ticket, body.Length == 0 ? l["Reply_FilesOnly"] : body, cancellationToken);
                break;
            case TicketEntryKind.CustomerReply:
                var before = ticket.Status;
                if (ticket.Status is TicketStatus.WaitingOnCustomer or TicketStatus.Resolved)
                {
                    // The customer's answer (or their word that it is not solved) puts the ticket back in hand.
                    Move(ticket, TicketStatus.InProgress);
                    await sla.StatusChangedAsync(ticket, before, cancellationToken);
                }

                await sla.CustomerWroteAsync(ticket, cancellationToken);
                break;
        }

        return new CommandResult(ticket.Id, new Dictionary<string, string>());
    }

    public async ValueTask<CommandResult> Handle(ChangeTicketStatus request, CancellationToken cancellationToken)
    {
        var ticket = await FindAsync(request.TicketId, cancellationToken);
        if (ticket.Version != request.Version)
        {
            return CommandResult.Invalid("", l["Error_Concurrency"]);
        }

        if (!Enum.IsDefined(request.Status))
        {
            return CommandResult.Invalid("Status", l["Error_Choice"]);
        }

        var reason = request.Reason?.Trim();
        if (request.Status == TicketStatus.Postponed && (request.PostponedUntil is not { } until || until <= clock.UtcNow || until > clock.UtcNow.AddYears(2)))
        {
            return CommandResult.Invalid("PostponedUntil", l["Error_PostponeDate"]);
        }

        if (request.Status == TicketStatus.Cancelled && string.IsNullOrEmpty(reason))
        {
            return CommandResult.Invalid("Reason", l["Error_CancelReason"]);
        }

        if (reason?.Length > Ticket.ReasonMaxLength)
        {
            return CommandResult.Invalid("Reason", l["Error_TooLong", Ticket.ReasonMaxLength]);
        }

        if (request.Status == ticket.Status)
        {
            return new CommandResult(ticket.Id, new Dictionary<string, string>());
        }

        var before = ticket.Status;
        Move(ticket, request.Status).Body = string.IsNullOrEmpty(reason) ? null : reason;
        ticket.PostponedUntil = request.Status == TicketStatus.Postponed ? request.PostponedUntil : null;
        ticket.CancelReason = request.Status == TicketStatus.Cancelled ? reason : null;
        ticket.ResolvedAt = request.Status is TicketStatus.Resolved or TicketStatus.Closed ? ticket.ResolvedAt ?? clock.UtcNow : null;
        ticket.ClosedAt = request.Status == TicketStatus.Closed ? clock.UtcNow : null;
        await sla.StatusChangedAsync(ticket, before, cancellationToken);
        if (request.Status == TicketStatus.Closed)
        {
            await satisfaction.RequestAsync(ticket, cancellationToken);
        }
        return new CommandResult(ticket.Id, new Dictionary<string, string>());
    }

    public async ValueTask<CommandResult> Handle(ReferTicket request, CancellationToken cancellationToken)
    {
        var ticket = await FindAsync(request.TicketId, cancellationToken);
        if (ticket.Version != request.Version)
        {
            return CommandResult.Invalid("", l["Error_Concurrency"]);
        }

        var note = request.Note?.Trim();
        if (note?.Length > TicketEntry.BodyMaxLength)
        {
            return CommandResult.Invalid("Note", l["Error_TooLong", TicketEntry.BodyMaxLength]);
        }

        UserSummary? to = null;
        // Only to someone who may work on tickets, or the ticket would vanish from everyone's list.
        if (request.ToUserId is { } userId
            && (to = (await mediator.Send(new ListUsersWithPermission(Contracts.TicketsPermissions.Edit), cancellationToken)).FirstOrDefault(u => u.Id == userId)) is not { IsActive: true })
        {
            return CommandResult.Invalid("ToUserId", l["Error_Owner"]);
        }

        var teams = await mediator.Send(new ListTeams(), cancellationToken);
        var team = request.ToTeamId is { } teamId ? teams.FirstOrDefault(t => t.Id == teamId) : null;
        if ((request.ToTeamId is not null && team is null) || (to is null && team is null))
        {
            return CommandResult.Invalid("ToUserId", l["Error_ReferTo"]);
        }

        var entry = Entry(ticket, TicketEntryKind.Referral);
        (entry.Body, entry.FromOwnerId, entry.FromTeamId) = (string.IsNullOrEmpty(note) ? null : note, ticket.OwnerId, ticket.TeamId);
        var newTeam = team?.Id ?? to!.TeamId;
        if (to is not null)
        {
            ticket.AssignOwner(to.Id, newTeam);
        }
        else
        {
            // To a team's queue: nobody holds it until someone of the team takes it, or the queue gives it to its next agent.
            (ticket.OwnerId, ticket.TeamId) = (null, newTeam);
        }

        (entry.ToOwnerId, entry.ToTeamId) = (ticket.OwnerId, ticket.TeamId);
        db.Add(entry);
        await assignment.AssignAsync(ticket, cancellationToken);
        // The queue's agent is told by the assignment; a queue that waits tells its team leader.
        var told = to?.Id ?? (ticket.OwnerId is null ? team?.LeaderId : null);
        if (told is { } person && person != user.UserId)
        {
            await mediator.Send(new Notify([person], l.InBoth("Notice_Referred", ticket.Number, ticket.Subject), TicketLinks.Details(ticket.Id)), cancellationToken);
        }

        return new CommandResult(ticket.Id, new Dictionary<string, string>());
    }

    private async Task<Ticket> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Set<Ticket>().VisibleTo(user).FirstOrDefaultAsync(t => t.Id == id, cancellationToken) ?? throw new KeyNotFoundException();

    private TicketEntry Entry(Ticket ticket, TicketEntryKind kind) =>
        new() { TicketId = ticket.Id, Kind = kind, At = clock.UtcNow, AuthorId = user.UserId };

    private TicketEntry Move(Ticket ticket, TicketStatus status)
    {
        var entry = Entry(ticket, TicketEntryKind.StatusChange);
        (entry.FromStatus, entry.ToStatus) = (ticket.Status, status);
        ticket.Status = status;
        db.Add(entry);
        return entry;
    }
}

public static class TicketLinks
{
    public static string Details(Guid id) => $"/Tickets/Tickets/Details/{id}";
}
