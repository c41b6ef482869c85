using Crm.Modules.Contacts.Contracts;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Security;

namespace Crm.Modules.Campaigns.Domain;

public enum PlanStatus
{
    Draft = 0,
    Submitted = 1,
    Approved = 2,
    SentBack = 3,
    Running = 4,
    Completed = 5,
}

public enum CampaignType
{
    Sms = 0,
    Email = 1,
    Newsletter = 2,
    CallList = 3,
    Event = 4,
    Other = 5,
}

/// <summary>
/// A marketing plan: a goal, a period and a budget, carried out by its campaigns. Written as a draft, submitted to a
/// manager, approved or sent back with a comment; nothing of it is sent before it is approved, and it is changed only
/// while it is a draft or sent back.
/// </summary>
public sealed class MarketingPlan : AggregateRoot, IOwnedRecord
{
    public const int NameMaxLength = 200;
    public const int GoalMaxLength = 1000;
    public const int DescriptionMaxLength = 4000;
    public const int CommentMaxLength = 1000;

    /// <summary>A plan holds at most this many campaigns, so its sums stay bounded.</summary>
    public const int MaxCampaigns = 100;

    public string Name { get; set; } = "";

    public string? Goal { get; set; }

    public string? Description { get; set; }

    public DateOnly StartDate { get; set; }

    public DateOnly EndDate { get; set; }

    /// <summary>In rials.</summary>
    public long Budget { get; set; }

    public Guid? OwnerId { get; set; }

    public Guid? TeamId { get; set; }

    public PlanStatus Status { get; set; }

    public DateTime? SubmittedAt { get; set; }

    public Guid? SubmittedBy { get; set; }

    /// <summary>The manager's last word: why it was sent back, or a note with the approval.</summary>
    public string? ReviewComment { get; set; }

    public bool IsEditable => Status is PlanStatus.Draft or PlanStatus.SentBack;
}

/// <summary>One campaign of a plan: its channel, what it costs and what it is about.</summary>
public sealed class Campaign : AggregateRoot
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 4000;
    public const int AudienceTextMaxLength = 100;
    /// <summary>An SMS campaign's text; an email's may be longer (<see cref="EmailMaxLength"/>).</summary>
    public const int MessageMaxLength = 1000;
    public const int EmailMaxLength = 10_000;
    public const int SubjectMaxLength = 200;

    /// <summary>Where the recipient's name goes in the message.</summary>
    public const string NamePlaceholder = "{{Contact.Name}}";

    public Guid PlanId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>What links name the campaign by (<c>CampaignCodes</c>): a lead from a form opened with it is the campaign's.</summary>
    public string Code { get; set; } = NewCode();

    public CampaignType Type { get; set; }

    /// <summary>In rials.</summary>
    public long Budget { get; set; }

    public string? Description { get; set; }

    /// <summary>Who it reaches: contacts from this source only (any when null).</summary>
    public CustomerSource? AudienceSource { get; set; }

    public int? AudienceMinRating { get; set; }

    /// <summary>Contacts whose segments (as written on the contact) include this text.</summary>
    public string? AudienceSegment { get; set; }

    public string? AudienceCity { get; set; }

    /// <summary>Leave out contacts with a support ticket still open.</summary>
    public bool ExcludeOpenTickets { get; set; }

    /// <summary>Leave out contacts invoiced within this many days (none when null).</summary>
    public int? ExcludeBoughtWithinDays { get; set; }

    public const int MaxBoughtWithinDays = 3650;

    /// <summary>A static list the audience is drawn from (the filters then narrow it); null for every contact.</summary>
    public Guid? ListId { get; set; }

    /// <summary>A static list whose members are left out.</summary>
    public Guid? ExcludeListId { get; set; }

    /// <summary>A tag the audience's contacts carry (an RFM group the report tagged, say); null for any.</summary>
    public Guid? AudienceTagId { get; set; }

    public AudienceCriteria Audience => new(AudienceSource, AudienceMinRating, AudienceSegment, AudienceCity, AudienceTagId);

    /// <summary>The text sent (an SMS, or an email's body), approved with the plan.</summary>
    public string? Message { get; set; }

    /// <summary>An email's subject.</summary>
    public string? Subject { get; set; }

    /// <summary>
    /// An email's body as HTML, taken from a marketing template or a newsletter issue (<see cref="ContentSource"/>) when the
    /// campaign was saved, sanitised; it is message A, sent instead of <see cref="Message"/>. Null for a written text.
    /// </summary>
    public string? Html { get; set; }

    public const int HtmlMaxLength = 200_000;

    /// <summary>Where <see cref="Html"/> (or an SMS's text) was taken from: <c>template:{id}</c> or <c>issue:{id}</c>.</summary>
    public string? ContentSource { get; set; }

    public const int ContentSourceMaxLength = 60;

    /// <summary>Whether there is something to send: a text, or (for an email) a chosen body, and an email's subject.</summary>
    public bool HasContent => (!string.IsNullOrWhiteSpace(Message) || (IsEmail && !string.IsNullOrWhiteSpace(Html))) && (!IsEmail || !string.IsNullOrWhiteSpace(Subject));

    /// <summary>Variant B of the message: with it, a share of the audience is a test, half A and half B, and the rest get the winner.</summary>
    public string? MessageB { get; set; }

    public string? SubjectB { get; set; }

    /// <summary>
    /// A segment that gets message B instead of an A/B test: contacts whose segments include this text get B, the others
    /// A. Null for none.
    /// </summary>
    public string? SegmentB { get; set; }

    /// <summary>The share of the audience in the A/B test, in percent (10–50).</summary>
    public int? TestPercent { get; set; }

    /// <summary>How long after the test went out the winner is chosen (1–72 hours).</summary>
    public int? WinnerAfterHours { get; set; }

    /// <summary>When the last of the test's messages was handed on: the wait for the winner starts then.</summary>
    public DateTime? TestQueuedAt { get; set; }

    /// <summary>The variant the rest of the audience gets, once chosen.</summary>
    public Variant? Winner { get; set; }

    public const int MinTestPercent = 10;
    public const int MaxTestPercent = 50;
    public const int MaxWinnerAfterHours = 72;

    public bool IsAbTest => MessageB is not null && TestPercent is not null;

    /// <summary>Whether a recipient of this variant gets message B (the rest, <see cref="Variant.Undecided"/>, get the winner).</summary>
    public bool SendsB(Variant variant) => MessageB is not null && (variant == Variant.Undecided ? Winner ?? Variant.A : variant) == Variant.B;

    public string? MessageOf(Variant variant) => SendsB(variant) ? MessageB : Message;

    public string? SubjectOf(Variant variant) => SendsB(variant) ? SubjectB ?? Subject : Subject;

    /// <summary>
    /// Which message a contact gets: by its segments when message B is a segment's; in an A/B test, from its id's random bits, so a step read again after a crash puts it in
    /// the same place: the test's share split evenly between A and B, everyone else waiting for the winner.
    /// </summary>
    public Variant VariantFor(Guid contactId, string? segments = null)
    {
        if (MessageB is not null && SegmentB is not null)
        {
            return segments?.Contains(SegmentB, StringComparison.Ordinal) == true ? Variant.B : Variant.A;
        }

        if (!IsAbTest)
        {
            return Variant.A;
        }

        var bits = BitConverter.ToUInt32(contactId.ToByteArray(), 12);
        return bits % 100 >= (uint)TestPercent!.Value ? Variant.Undecided : (bits / 100 % 2 == 0 ? Variant.A : Variant.B);
    }

    public SendState SendState { get; set; }

    /// <summary>When a scheduled send begins (UTC).</summary>
    public DateTime? ScheduledAt { get; set; }

    public DateTime? SendStartedAt { get; set; }

    public DateTime? SendFinishedAt { get; set; }

    /// <summary>The audience is read into recipients a page at a time; the last contact read, so a restart goes on from there.</summary>
    public Guid? AudienceCursor { get; set; }

    public bool AudienceRead { get; set; }

    /// <summary>Recipients found (with an address and not refusing).</summary>
    public int Recipients { get; set; }

    /// <summary>Of those, handed to the outbox.</summary>
    public int Queued { get; set; }

    /// <summary>Contacts left out: no address on the channel, refused marketing, or left out by the exclusions.</summary>
    public int Skipped { get; set; }

    /// <summary>Email and newsletters go to an email address; SMS, call lists and the rest to a mobile.</summary>
    public AudienceAddress Address => IsEmail ? AudienceAddress.Email : AudienceAddress.Mobile;

    public bool IsEmail => Type is CampaignType.Email or CampaignType.Newsletter;

    /// <summary>Campaigns the app sends itself; the others (a call list, an event) are carried out by people.</summary>
    public bool IsSent => IsEmail || Type == CampaignType.Sms;

    public bool IsCallList => Type == CampaignType.CallList;

    /// <summary>Run through the send job: messages queued, or calls planned for the callers.</summary>
    public bool IsRun => IsSent || IsCallList;

    /// <summary>The reps a call list's calls are handed to in turn, as their ids separated by commas.</summary>
    public string? CallerIds { get; set; }

    public const int MaxCallers = 50;

    public IReadOnlyList<Guid> Callers =>
        [.. (CallerIds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => Guid.TryParse(id, out var caller) ? caller : Guid.Empty).Where(id => id != Guid.Empty)];

    /// <summary>Ten random letters and digits: about 50 bits, so one campaign's code does not lead to another's.</summary>
    public static string NewCode() =>
        System.Security.Cryptography.RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", Crm.Modules.Campaigns.Contracts.CampaignCodes.Length);
}

public enum SendState
{
    NotStarted = 0,
    Sending = 1,
    Paused = 2,
    Cancelled = 3,
    Sent = 4,

    /// <summary>Waiting for its time (<see cref="Campaign.ScheduledAt"/>); then it is sending.</summary>
    Scheduled = 5,
}

/// <summary>
/// One contact of a campaign's send: found once (unique per campaign and contact), then handed to the outbox once. One
/// row per recipient and campaign, whatever happens to the message afterwards.
/// </summary>
/// <summary>Which message a recipient gets: A or B of a test, or (undecided) the winner once chosen.</summary>
public enum Variant
{
    Undecided = 0,
    A = 1,
    B = 2,
}

public sealed class CampaignRecipient : Entity
{
    public const int NameMaxLength = 200;

    public Guid CampaignId { get; set; }

    public Guid ContactId { get; set; }

    public string Address { get; set; } = "";

    public string Name { get; set; } = "";

    public Variant Variant { get; set; }

    public DateTime? QueuedAt { get; set; }

    /// <summary>The gateway reported the SMS on the phone, or the mail server took the email.</summary>
    public DateTime? DeliveredAt { get; set; }

    /// <summary>The email's first opening (its image loaded, or a link followed).</summary>
    public DateTime? OpenedAt { get; set; }

    public int Opens { get; set; }

    public DateTime? ClickedAt { get; set; }

    public int Clicks { get; set; }

    /// <summary>They refused marketing with this message's unsubscribe link.</summary>
    public DateTime? UnsubscribedAt { get; set; }

    public DateTime? BouncedAt { get; set; }

    /// <summary>The address does not exist (a hard bounce), rather than a full or unavailable mailbox.</summary>
    public bool HardBounce { get; set; }
}

/// <summary>What a campaign actually cost: one line per bill (the SMS gateway's, the printer's), so its cost per lead and return are real.</summary>
public sealed class CampaignCost : AggregateRoot
{
    public const int DescriptionMaxLength = 200;

    /// <summary>Lines one campaign may have.</summary>
    public const int MaxLines = 500;

    public Guid CampaignId { get; set; }

    public DateOnly Date { get; set; }

    public string Description { get; set; } = "";

    /// <summary>In rials.</summary>
    public long Amount { get; set; }
}

public enum PlanStep
{
    Submitted = 0,
    Approved = 1,
    SentBack = 2,
    Completed = 3,
}

/// <summary>A step in a plan's approval, kept in order for its page: who did it, when, and what they said.</summary>
public sealed class PlanHistoryEntry : Entity
{
    public Guid PlanId { get; set; }

    public PlanStep Step { get; set; }

    public Guid? UserId { get; set; }

    public DateTime At { get; set; }

    public string? Comment { get; set; }
}
