using Crm.Modules.Tickets.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Tickets.Features;

/// <summary>The ticket fields automations see; the status moves through the ticket's own commands, so its history and SLA follow.</summary>
public static class TicketSchema
{
    public static RecordSchema Instance { get; } = new(TicketRecordTypes.Ticket, typeof(Ticket), typeof(TicketsResources),
    [
        new(nameof(Ticket.Number), FieldKind.Text, "Field_Number"),
        new(nameof(Ticket.Subject), FieldKind.Text, "Field_Subject"),
        new(nameof(Ticket.CustomerName), FieldKind.Text, "Field_Customer"),
        new(nameof(Ticket.Category), FieldKind.Text, "Field_Category", Settable: true),
        new(nameof(Ticket.Priority), FieldKind.Choice, "Field_Priority", Settable: true) { ChoiceType = typeof(TicketPriority), ChoicePrefix = "Priority_" },
        new(nameof(Ticket.Channel), FieldKind.Choice, "Field_Channel") { ChoiceType = typeof(TicketChannel), ChoicePrefix = "Channel_" },
        new(nameof(Ticket.Status), FieldKind.Choice, "Field_Status") { ChoiceType = typeof(TicketStatus), ChoicePrefix = "Status_" },
        new(nameof(Ticket.SlaState), FieldKind.Choice, "Field_SlaState") { ChoiceType = typeof(SlaState), ChoicePrefix = "Sla_" },
        new(nameof(Ticket.OwnerId), FieldKind.User, "Field_Owner"),
        new(nameof(Ticket.TeamId), FieldKind.Team, "Field_Team"),
        new(nameof(Ticket.SlaDueAt), FieldKind.Date, "Field_SlaDue"),
        new(nameof(Ticket.CreatedAt), FieldKind.Date, "Field_CreatedAt"),
        new(nameof(Ticket.ResolvedAt), FieldKind.Date, "Field_ResolvedAt"),
    ])
    {
        LabelKey = "RecordType_Ticket",
        CustomerField = nameof(Ticket.ContactId),
        MobileField = null,
        EmailField = null,
        Events = [new(TicketSla.WarningEvent, "Event_SlaWarning"), new(TicketSla.BreachEvent, "Event_SlaBreached")],
        OpensFor = [RecordTypes.Contact, RecordTypes.Organization],
    };
}

/// <summary>Tickets as other modules see them: a number and subject, a page, and automations' reading, setting and opening of them.</summary>
public sealed class TicketRecordType(DbContext db, ICurrentUser user, IMediator mediator, IStringLocalizer<TicketsResources> l) : IRecordType
{
    public string Type => TicketRecordTypes.Ticket;

    public GlobalSearchEntry GlobalSearch => new(l["Menu_Tickets"], TicketsPermissions.View, "/Tickets/Tickets");

    public async Task<IReadOnlyDictionary<Guid, RecordLink>> FindVisibleAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        var found = await db.Set<Ticket>().VisibleTo(user).AsNoTracking().Where(t => list.Contains(t.Id))
            .Select(t => new { t.Id, t.Number, t.Subject, t.OwnerId, t.TeamId }).ToListAsync(cancellationToken);
        return found.ToDictionary(t => t.Id, t => Link(t.Id, t.Number, t.Subject) with { OwnerId = t.OwnerId, TeamId = t.TeamId });
    }

    public async Task<IReadOnlyList<RecordLink>> SearchAsync(string text, int take, CancellationToken cancellationToken)
    {
        var clean = PersianText.Clean(text);
        var number = clean.ToUpperInvariant();
        var found = await db.Set<Ticket>().VisibleTo(user).AsNoTracking().Where(t => t.Number == number || t.Subject.Contains(clean))
            .OrderByDescending(t => t.Id).Take(take).Select(t => new { t.Id, t.Number, t.Subject }).ToListAsync(cancellationToken);
        return [.. found.Select(t => Link(t.Id, t.Number, t.Subject))];
    }

    public Task<IReadOnlyDictionary<string, object?>?> ReadFieldsAsync(Guid id, CancellationToken cancellationToken) =>
        TicketSchema.Instance.ReadAsync(db.Set<Ticket>().VisibleTo(user), id, cancellationToken);

    public Task<IReadOnlyList<(Guid Id, IReadOnlyDictionary<string, object?> Values)>> PageFieldsAsync(int skip, int take, CancellationToken cancellationToken) =>
        TicketSchema.Instance.PageAsync(db.Set<Ticket>().VisibleTo(user), skip, take, cancellationToken);

    public Task<string?> SetFieldAsync(Guid id, string field, string? value, CancellationToken cancellationToken) =>
        TicketSchema.Instance.SetAsync(db.Set<Ticket>().VisibleTo(user), id, field, value,
            t => t.Category?.Length > Ticket.CategoryMaxLength ? "a category is at most 100 characters" : null, cancellationToken);

    public Task<string?> AssignOwnerAsync(Guid id, Guid ownerId, Guid? teamId, CancellationToken cancellationToken) =>
        RecordSchema.AssignAsync(db.Set<Ticket>().VisibleTo(user), id, ownerId, teamId, cancellationToken);

    public async Task<OpenedRecord> OpenForAsync(RecordRef source, string? name, CancellationToken cancellationToken)
    {
        var input = new TicketInput { Customer = source.ToString(), Subject = string.IsNullOrWhiteSpace(name) ? l["DefaultSubject"] : name, Channel = TicketChannel.Phone };
        var result = await mediator.Send(new SaveTicket(input), cancellationToken);
        return result.Saved ? OpenedRecord.Opened(new RecordRef(Type, result.Id)) : OpenedRecord.Refused(string.Join("; ", result.Errors.Values));
    }

    private RecordLink Link(Guid id, string number, string subject) =>
        new(new RecordRef(Type, id), l["RecordType_Ticket"], number + " " + subject, TicketLinks.Details(id));
}
