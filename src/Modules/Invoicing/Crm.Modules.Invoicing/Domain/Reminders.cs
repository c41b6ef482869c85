using Crm.SharedKernel.Domain;

namespace Crm.Modules.Invoicing.Domain;

/// <summary>
/// When and how a customer is reminded to pay: some days before the due date, on it, and every few days after it, by
/// SMS and/or email, up to a number of reminders; and thanked once when the invoice is paid. One policy is the default;
/// a customer or an invoice may have another.
/// </summary>
public sealed class ReminderPolicy : AggregateRoot
{
    public string Name { get; set; } = "";

    public bool IsDefault { get; set; }

    /// <summary>Days before the due date for the first reminder; null for none.</summary>
    public int? DaysBefore { get; set; } = 3;

    public bool OnDueDate { get; set; } = true;

    /// <summary>Days between reminders once overdue; null for none.</summary>
    public int? EveryDaysAfter { get; set; } = 7;

    /// <summary>At most this many reminders per due date (the thank-you does not count).</summary>
    public int MaxCount { get; set; } = 5;

    public bool BySms { get; set; } = true;

    public bool ByEmail { get; set; } = true;

    public bool ThankYou { get; set; } = true;
}

/// <summary>A customer's own reminder policy.</summary>
public sealed class CustomerReminderPolicy : Entity
{
    public string CustomerType { get; set; } = "";

    public Guid CustomerId { get; set; }

    public Guid ReminderPolicyId { get; set; }
}

public enum ReminderKind
{
    BeforeDue = 0,
    OnDue = 1,
    Overdue = 2,
    ThankYou = 3,

    /// <summary>To the team: a received cheque falls due.</summary>
    ChequeDue = 4,
}

/// <summary>
/// One reminder that was sent. Its key (what it is about, the due date, the kind, the sequence and the channel) is
/// unique, and the row is written in the same transaction as the message it queues, so a reminder goes out once however
/// many schedulers look at the invoice and however often the job restarts.
/// </summary>
public sealed class SentReminder : Entity
{
    /// <summary>The invoice, or for <see cref="ReminderKind.ChequeDue"/> the cheque's payment.</summary>
    public Guid SubjectId { get; set; }

    public DateOnly DueDate { get; set; }

    public ReminderKind Kind { get; set; }

    public int Sequence { get; set; }

    /// <summary>0 email, 1 SMS (as the messaging module counts them), 9 in-app.</summary>
    public int Channel { get; set; }

    public Guid? MessageId { get; set; }

    public DateTime SentAt { get; set; }

    public const int InApp = 9;
}
