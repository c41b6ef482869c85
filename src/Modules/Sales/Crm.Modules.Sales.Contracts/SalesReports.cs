using Crm.SharedKernel.Messaging;

namespace Crm.Modules.Sales.Contracts;

/// <summary>
/// Which deals a sales report covers: a period (UTC instants, the end excluded) and optional filters. Reports only ever
/// count the deals the current user may see.
/// </summary>
public sealed record DealFilter(DateTime FromUtc, DateTime ToUtc)
{
    /// <summary>The sales process; null for the default one (funnel) or all of them (other reports).</summary>
    public Guid? ProcessId { get; init; }

    public Guid? OwnerId { get; init; }

    public Guid? TeamId { get; init; }

    /// <summary>A value of the contacts module's <c>CustomerSource</c>.</summary>
    public int? Source { get; init; }

    public string? Campaign { get; init; }

    public Guid? TagId { get; init; }
}

/// <summary>
/// The funnel of one process: for each open stage and Won, how many deals reached it (entered it or a later stage) in the
/// period, the share of those that went on to the next step, and how many did not.
/// </summary>
public sealed record GetDealFunnel(DealFilter Filter) : IRequest<DealFunnel>;

public sealed record DealFunnel(Guid ProcessId, string ProcessName, IReadOnlyList<FunnelStep> Steps, int Lost);

/// <param name="Reached">Deals that entered this stage or a later one in the period.</param>
/// <param name="Conversion">Share (0–1) of them that reached the next step; null for the last step or when none reached this one.</param>
/// <param name="DropOff">Deals that reached this step but not the next.</param>
public sealed record FunnelStep(Guid StageId, string Name, bool IsWon, int Reached, decimal? Conversion, int DropOff);

/// <summary>The deals behind a funnel bar: those that reached the stage (or a later one) in the period, newest first.</summary>
public sealed record ListFunnelDeals(DealFilter Filter, Guid StageId, int Take = 200) : IRequest<IReadOnlyList<DealRow>>;

public sealed record DealRow(Guid Id, string Name, string CustomerName, long Amount, OpportunityStatus Status, string StageName, Guid? OwnerId, DateOnly? ExpectedClose, DateTime? ClosedAt);

/// <summary>
/// The pipeline now (open deals by stage, owner and expected close day, with their age in the stage) and what was closed in
/// the period (win rate, average deal size, sales-cycle length, time spent in each stage).
/// </summary>
public sealed record GetPipelineReport(DealFilter Filter) : IRequest<PipelineReport>;

public sealed record PipelineReport(
    IReadOnlyList<PipelineStage> Stages,
    IReadOnlyList<PipelineOwner> Owners,
    IReadOnlyList<ForecastDay> Forecast,
    ClosedDeals Closed,
    IReadOnlyList<StageVelocity> Velocity);

/// <summary>Open deals in a stage. <paramref name="Ageing"/> counts them by days in the stage: ≤7, 8–30, 31–90, over 90.</summary>
public sealed record PipelineStage(Guid StageId, string Name, int Count, decimal Amount, decimal Weighted, IReadOnlyList<int> Ageing);

public sealed record PipelineOwner(Guid? OwnerId, int Count, decimal Amount, decimal Weighted);

/// <summary>Open deals expected to close on a day (null: no date given).</summary>
public sealed record ForecastDay(DateOnly? Date, int Count, decimal Amount, decimal Weighted);

/// <param name="WinRate">Won over won and lost (0–1); null when none closed.</param>
/// <param name="AverageDealSize">Average amount of the deals won; 0 when none.</param>
/// <param name="AverageCycleDays">Average days from creation to winning; null when none won.</param>
public sealed record ClosedDeals(int Won, decimal WonAmount, int Lost, decimal LostAmount, decimal? WinRate, decimal AverageDealSize, double? AverageCycleDays);

/// <summary>Average days deals stayed in a stage, over the stays that ended in the period.</summary>
public sealed record StageVelocity(Guid StageId, string Name, int Stays, double AverageDays);

/// <summary>Deals lost in the period: by loss reason, by the stage they were in, and by the competitors named on them.</summary>
public sealed record GetLossReport(DealFilter Filter) : IRequest<LossReport>;

public sealed record LossReport(int Lost, decimal Amount, IReadOnlyList<LossGroup> ByReason, IReadOnlyList<LossGroup> ByStage, IReadOnlyList<LossGroup> ByCompetitor);

/// <summary>One group of lost deals; <paramref name="Key"/> is the tag, stage or competitor name (empty: none given).</summary>
public sealed record LossGroup(string Key, int Count, decimal Amount);

/// <summary>Per owner: deals won, lost and created in the period, open now, and the targets of the Jalali months inside the period.</summary>
public sealed record GetRepSales(DealFilter Filter) : IRequest<IReadOnlyList<RepSales>>;

public sealed record RepSales(Guid OwnerId, int Won, decimal WonAmount, int Lost, int Created, int Open, decimal OpenAmount, decimal TargetAmount, int TargetDeals)
{
    /// <summary>Won over won and lost (0–1); null when none closed.</summary>
    public decimal? WinRate => Won + Lost == 0 ? null : (decimal)Won / (Won + Lost);

    /// <summary>Share of the amount target reached (0–1+); null without a target.</summary>
    public decimal? Attainment => TargetAmount > 0 ? WonAmount / TargetAmount : null;
}

/// <summary>Deals won in the period by source and by campaign (empty: none given), with the deals created.</summary>
public sealed record GetDealSources(DealFilter Filter) : IRequest<DealSources>;

public sealed record DealSources(IReadOnlyList<SourceDeals> BySource, IReadOnlyList<SourceDeals> ByCampaign);

public sealed record SourceDeals(string Key, int Created, int Won, decimal WonAmount);

/// <summary>The sales processes with their open stages and Won, in order, for filters and funnel pickers.</summary>
public sealed record ListSalesProcesses : IRequest<IReadOnlyList<ProcessSummary>>;

public sealed record ProcessSummary(Guid Id, string Name, bool IsDefault);

/// <summary>The active commission rules: a percentage of the paid lines of a product category (all lines when none), or a flat amount per paid invoice.</summary>
public sealed record ListCommissionRules : IRequest<IReadOnlyList<CommissionRuleSummary>>;

public sealed record CommissionRuleSummary(Guid Id, string Name, string? Category, decimal? Percent, long? FlatAmount);
