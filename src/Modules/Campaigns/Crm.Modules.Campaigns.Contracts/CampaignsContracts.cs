namespace Crm.Modules.Campaigns.Contracts;

/// <summary>Permissions of the Campaigns module.</summary>
public static class CampaignsPermissions
{
    /// <summary>See marketing plans and their campaigns.</summary>
    public const string View = "campaigns.view";

    /// <summary>Write plans and campaigns and submit them for approval.</summary>
    public const string Edit = "campaigns.edit";

    /// <summary>Start, pause, resume and cancel the send of an approved plan's campaign.</summary>
    public const string Send = "campaigns.send";

    /// <summary>Approve a submitted plan or send it back; nothing of a plan is sent before this.</summary>
    public const string Approve = "campaigns.approve";
}

/// <summary>A campaign a lead or deal can be said to come from.</summary>
public sealed record CampaignChoice(Guid Id, string Name, string PlanName);

/// <summary>
/// The campaigns of approved, running and completed plans, newest first (at most <see cref="Max"/>), and
/// <see cref="Including"/> whatever its plan's state, so a record's current campaign is always among them.
/// </summary>
public sealed record ListCampaignChoices(Guid? Including = null) : Crm.SharedKernel.Messaging.IRequest<IReadOnlyList<CampaignChoice>>
{
    public const int Max = 200;
}

/// <summary>
/// The campaigns of approved plans named like these (letter case aside), the newest of a name when several share it:
/// for records that named their campaign in words before campaigns could be linked. At most <see cref="Max"/> names.
/// </summary>
public sealed record FindCampaignsByName(IReadOnlyCollection<string> Names) : Crm.SharedKernel.Messaging.IRequest<IReadOnlyDictionary<string, Guid>>
{
    public const int Max = 1_000;
}

/// <summary>A campaign by its id, if it exists and its plan was approved; null otherwise.</summary>
public sealed record FindCampaign(Guid Id) : Crm.SharedKernel.Messaging.IRequest<CampaignChoice?>;

/// <summary>
/// What a link names its campaign by (<c>?c=</c> on a form's address): a short code of letters and digits, unguessable
/// from the campaign's other links.
/// </summary>
public static class CampaignCodes
{
    public const int Length = 10;

    public const string QueryName = "c";

    /// <summary>The code as typed in a link, if it has a code's shape; otherwise null, and nothing is looked up.</summary>
    public static string? Clean(string? text) =>
        text is { Length: Length } code && code.All(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9')) ? code : null;
}

/// <summary>The campaign a link's code names, if its plan was approved; null otherwise (an unknown or malformed code too).</summary>
public sealed record FindCampaignByCode(string? Code) : Crm.SharedKernel.Messaging.IRequest<Guid?>;

/// <summary>What a campaign's messages did: each figure counts recipients (someone who clicked three times is one click).</summary>
public sealed record CampaignTally(int Reached, int Delivered, int Opened, int Clicked, int Unsubscribed, int Bounced)
{
    public static readonly CampaignTally None = new(0, 0, 0, 0, 0, 0);

    public CampaignTally Plus(CampaignTally other) => new(Reached + other.Reached, Delivered + other.Delivered, Opened + other.Opened,
        Clicked + other.Clicked, Unsubscribed + other.Unsubscribed, Bounced + other.Bounced);
}

/// <summary>
/// What a campaign earned: its messages' figures, the leads and deals attributed to it, the deals won and their
/// amount, what their invoices brought in, and what it cost. Amounts are in rials, as decimals so no sum overflows.
/// </summary>
public sealed record CampaignOutcome(CampaignTally Tally, int Leads, int Deals, int Won, decimal WonAmount, decimal Paid, decimal Cost)
{
    public static readonly CampaignOutcome None = new(CampaignTally.None, 0, 0, 0, 0, 0, 0);

    /// <summary>Null without leads.</summary>
    public decimal? CostPerLead => Leads == 0 ? null : Math.Round(Cost / Leads, MidpointRounding.AwayFromZero);

    /// <summary>The return on the cost, in percent, from what was paid: (paid − cost) / cost. Null without a cost.</summary>
    public decimal? ReturnPercent => Cost == 0 ? null : Math.Round((Paid - Cost) * 100 / Cost, 1, MidpointRounding.AwayFromZero);

    public CampaignOutcome Plus(CampaignOutcome other) => new(Tally.Plus(other.Tally), Leads + other.Leads, Deals + other.Deals, Won + other.Won,
        WonAmount + other.WonAmount, Paid + other.Paid, Cost + other.Cost);
}

/// <summary>A campaign in the marketing report: its plan's period and what it earned. <paramref name="Type"/> is its type's name.</summary>
public sealed record CampaignFigures(Guid Id, string Name, string PlanName, string Type, DateOnly Start, DateOnly End, CampaignOutcome Outcome);

/// <summary>
/// The campaigns of approved (running, completed) plans whose period meets <paramref name="From"/> to <paramref name="To"/>
/// (local days), newest plan first, at most <see cref="Max"/>; each with its messages' figures, leads, deals, revenue and cost.
/// </summary>
public sealed record GetCampaignFigures(DateOnly From, DateOnly To) : Crm.SharedKernel.Messaging.IRequest<IReadOnlyList<CampaignFigures>>
{
    public const int Max = 200;
}
