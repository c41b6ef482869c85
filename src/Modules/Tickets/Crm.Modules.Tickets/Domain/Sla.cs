using Crm.SharedKernel.Domain;

namespace Crm.Modules.Tickets.Domain;

public enum SlaState
{
    None = 0,
    Running = 1,
    Warning = 2,
    Breached = 3,
    /// <summary>Every target met in time.</summary>
    Met = 4,
}

public enum SlaTargetKind
{
    FirstResponse = 0,
    /// <summary>The answer to a customer's reply, one target per reply.</summary>
    NextResponse = 1,
    Resolution = 2,
}

/// <summary>
/// Response and resolution times in working minutes for the tickets it matches (a priority, a category and a customer
/// class, each optional); the most specific matching policy applies, the first by position on a tie.
/// </summary>
public sealed class SlaPolicy : AggregateRoot
{
    public const int NameMaxLength = 100;

    public string Name { get; set; } = "";

    public int Position { get; set; }

    public TicketPriority? Priority { get; set; }

    public string? Category { get; set; }

    /// <summary>A customer tag (the class a customer is filed under, "VIP"); null for every customer.</summary>
    public string? CustomerClass { get; set; }

    public int FirstResponseMinutes { get; set; }

    public int NextResponseMinutes { get; set; }

    public int ResolutionMinutes { get; set; }

    /// <summary>The share of a target (1–99 %) after which its warning actions run.</summary>
    public int WarnAtPercent { get; set; } = 75;

    public SlaActions WarningActions { get; set; } = SlaActions.NotifyOwner;

    public SlaActions BreachActions { get; set; } = SlaActions.NotifyOwner | SlaActions.NotifyTeamLeader;

    /// <summary>A policy under a known id, so one made at start-up by two instances at once is made once.</summary>
    public static SlaPolicy WithId(Guid id) => new() { Id = id };

    public int Specificity => (Priority is null ? 0 : 1) + (Category is null ? 0 : 1) + (CustomerClass is null ? 0 : 1);

    public int MinutesFor(SlaTargetKind kind) => kind switch
    {
        SlaTargetKind.FirstResponse => FirstResponseMinutes,
        SlaTargetKind.NextResponse => NextResponseMinutes,
        _ => ResolutionMinutes,
    };
}

/// <summary>What a warning or a breach does; a workflow can also start on the ticket's SlaWarning and SlaBreached events.</summary>
[Flags]
public enum SlaActions
{
    None = 0,
    NotifyOwner = 1,
    NotifyTeamLeader = 2,
    RaisePriority = 4,
    /// <summary>Hand the ticket to its team's leader.</summary>
    ReassignToTeamLeader = 8,
}

/// <summary>
/// One target of one ticket: when its clock started, how long it may run, the instants it warns and falls due (null while
/// paused), the working time it has stood paused, and when it was met, warned or breached. Breached stays breached.
/// </summary>
public sealed class TicketSlaTarget : Entity, IConcurrencyAware
{
    public Guid TicketId { get; set; }

    public SlaTargetKind Kind { get; set; }

    public Guid? PolicyId { get; set; }

    public DateTime StartedAt { get; set; }

    public int TargetMinutes { get; set; }

    public DateTime? WarnAt { get; set; }

    public DateTime? DueAt { get; set; }

    public int PausedMinutes { get; set; }

    public DateTime? MetAt { get; set; }

    /// <summary>Stopped without being met (the ticket was cancelled, or a reply started no next-response clock).</summary>
    public bool Stopped { get; set; }

    public DateTime? WarnedAt { get; set; }

    public DateTime? BreachedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public bool IsRunning => MetAt is null && !Stopped;
}
