using Crm.Modules.Tickets.Contracts;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;

namespace Crm.Modules.Tickets.Domain;

public enum TicketStatus
{
    New = 0,
    Assigned = 1,
    InProgress = 2,
    WaitingOnCustomer = 3,
    /// <summary>Put off until <see cref="Ticket.PostponedUntil"/>.</summary>
    Postponed = 4,
    Resolved = 5,
    Closed = 6,
    Cancelled = 7,
}

public enum TicketPriority
{
    Low = 0,
    Normal = 1,
    High = 2,
    Urgent = 3,
}

public enum TicketChannel
{
    Phone = 0,
    Email = 1,
    Portal = 2,
    Form = 3,
    WalkIn = 4,
}

/// <summary>A customer's problem, from the first report to its resolution: who holds it, where it stands, and its thread.</summary>
public sealed class Ticket : AggregateRoot, IReassignable
{
    public const int SubjectMaxLength = 200;
    public const int DescriptionMaxLength = 8000;
    public const int CategoryMaxLength = 100;
    public const int ReasonMaxLength = 500;

    /// <summary><c>TCK-1405-000123</c>: the Jalali year it was opened in and its place in that year.</summary>
    public string Number { get; set; } = "";

    public string Subject { get; set; } = "";

    public string? Description { get; set; }

    public Guid? ContactId { get; set; }

    public Guid? OrganizationId { get; set; }

    /// <summary>The customer's name when the ticket was opened, for lists that do not join other modules.</summary>
    public string CustomerName { get; set; } = "";

    public string? Category { get; set; }

    /// <summary>The registered item the ticket is about, which tells whether it is in warranty.</summary>
    public Guid? RegistrationId { get; set; }

    public TicketPriority Priority { get; set; } = TicketPriority.Normal;

    public TicketChannel Channel { get; set; }

    public TicketStatus Status { get; set; }

    public DateTime? PostponedUntil { get; set; }

    public string? CancelReason { get; set; }

    public Guid? OwnerId { get; set; }

    public Guid? TeamId { get; set; }

    public DateTime? FirstRespondedAt { get; set; }

    public DateTime? ResolvedAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    /// <summary>When the customer was asked to rate the service (once, on the first closing).</summary>
    public DateTime? RatingRequestedAt { get; set; }

    /// <summary>The customer's rating, 1 to 5; given once.</summary>
    public int? Rating { get; set; }

    public string? RatingComment { get; set; }

    public DateTime? RatedAt { get; set; }

    public const int RatingCommentMaxLength = 1000;

    /// <summary>The earliest due instant of the ticket's running SLA targets (null when none runs: met, paused or no policy).</summary>
    public DateTime? SlaDueAt { get; set; }

    /// <summary>The worst state its targets have reached, for lists' badges and filters.</summary>
    public SlaState SlaState { get; set; }

    /// <summary><see cref="SlaDueAt"/> as sortable text ("~" when none), the key lists sort by "time left" with.</summary>
    public string SlaSortKey { get; set; } = NoDue;

    public const string NoDue = "~";

    public bool IsOpen => Status is not (TicketStatus.Resolved or TicketStatus.Closed or TicketStatus.Cancelled);

    /// <summary>The clock stands still while the ticket waits on the customer or is put off.</summary>
    public static bool Pauses(TicketStatus status) => status is TicketStatus.WaitingOnCustomer or TicketStatus.Postponed;

    /// <summary>Reports an SLA warning or breach, which workflows may start on once the save commits.</summary>
    public void Report(string recordEvent) => Raise(new RecordEventOccurred(new RecordRef(TicketRecordTypes.Ticket, Id), recordEvent));

    public void AssignOwner(Guid ownerId, Guid? teamId)
    {
        (OwnerId, TeamId) = (ownerId, teamId);
        if (Status == TicketStatus.New)
        {
            Status = TicketStatus.Assigned;
        }
    }
}

public enum TicketEntryKind
{
    /// <summary>A reply the customer sees.</summary>
    Reply = 0,
    /// <summary>An internal note, never shown to the customer.</summary>
    Note = 1,
    /// <summary>What the customer wrote (by phone, mail or the portal).</summary>
    CustomerReply = 2,
    StatusChange = 3,
    /// <summary>The ticket handed to another person or team, with a note.</summary>
    Referral = 4,
    Created = 5,
}

/// <summary>One line of a ticket's thread and history: replies, notes, status changes and referrals, never edited.</summary>
public sealed class TicketEntry : Entity
{
    public const int BodyMaxLength = 8000;

    public Guid TicketId { get; set; }

    public TicketEntryKind Kind { get; set; }

    public string? Body { get; set; }

    public Guid? AuthorId { get; set; }

    public DateTime At { get; set; }

    public TicketStatus? FromStatus { get; set; }

    public TicketStatus? ToStatus { get; set; }

    public Guid? FromOwnerId { get; set; }

    public Guid? ToOwnerId { get; set; }

    public Guid? FromTeamId { get; set; }

    public Guid? ToTeamId { get; set; }
}

public sealed class TicketSequence
{
    public string Key { get; set; } = "";

    public long Last { get; set; }
}
