using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;

namespace Crm.Modules.Tickets.Domain;

/// <summary>
/// A sold item in the customer's hands (the installed base): which product, which serial number, bought when and on which
/// invoice, its warranty and its free services. Tickets and repairs on it tell at once whether it is in warranty.
/// </summary>
public sealed class ProductRegistration : AggregateRoot, IOwnedRecord
{
    public const int SerialMaxLength = 100;

    public Guid ProductId { get; set; }

    /// <summary>The product's name when it was registered, for lists that do not ask the catalog.</summary>
    public string ProductName { get; set; } = "";

    public string SerialNumber { get; set; } = "";

    public Guid? ContactId { get; set; }

    public Guid? OrganizationId { get; set; }

    public string CustomerName { get; set; } = "";

    public DateOnly PurchaseDate { get; set; }

    public Guid? InvoiceId { get; set; }

    public string? InvoiceNumber { get; set; }

    /// <summary>Null when the item has no warranty.</summary>
    public DateOnly? WarrantyStart { get; set; }

    public DateOnly? WarrantyEnd { get; set; }

    public int FreeServices { get; set; }

    public int FreeServicesUsed { get; set; }

    public Guid? OwnerId { get; set; }

    public Guid? TeamId { get; set; }

    public RecordRef Customer => OrganizationId is { } o ? new RecordRef(RecordTypes.Organization, o) : new RecordRef(RecordTypes.Contact, ContactId ?? Guid.Empty);

    /// <summary>Whether work on <paramref name="day"/> falls in the warranty (both its first and last day included).</summary>
    public bool InWarrantyOn(DateOnly day) => WarrantyStart is { } start && WarrantyEnd is { } end && start <= day && day <= end;

    public int FreeServicesLeft => Math.Max(0, FreeServices - FreeServicesUsed);
}

public enum RepairStatus
{
    Received = 0,
    Diagnosing = 1,
    /// <summary>The estimate waits on the customer's yes, by the link sent to them or at the counter.</summary>
    AwaitingApproval = 2,
    Repairing = 3,
    Ready = 4,
    Delivered = 5,
    ReturnedUnrepaired = 6,
}

/// <summary>How the customer approved the estimate.</summary>
public enum ApprovalChannel
{
    Counter = 0,
    Link = 1,
    Portal = 2,
}

/// <summary>
/// An item taken in for repair: its receipt (condition, accessories), the faults reported and found, the estimate the
/// customer approves, the work and parts, and its delivery; in warranty or not, decided from its registration when received.
/// </summary>
public sealed class RepairOrder : AggregateRoot, IOwnedRecord
{
    public const int ItemMaxLength = 200;
    public const int TextMaxLength = 2000;
    public const int ShortTextMaxLength = 500;
    public const int FaultMaxLength = 100;
    public const int MaxLines = 100;

    /// <summary><c>RPR-1405-000012</c>.</summary>
    public string Number { get; set; } = "";

    public Guid? TicketId { get; set; }

    public Guid? RegistrationId { get; set; }

    public Guid? ContactId { get; set; }

    public Guid? OrganizationId { get; set; }

    public string CustomerName { get; set; } = "";

    /// <summary>What was received: the product's name, or a description when the item is not registered.</summary>
    public string Item { get; set; } = "";

    public string? SerialNumber { get; set; }

    public DateTime ReceivedAt { get; set; }

    public string? Condition { get; set; }

    public string? Accessories { get; set; }

    public string ReportedFaults { get; set; } = "";

    public string? Diagnosis { get; set; }

    /// <summary>The fault found, as a short kind chosen from those used before or typed anew; what repairs are counted by.</summary>
    public string? Fault { get; set; }

    /// <summary>What the customer is told the repair will cost, in rials; null until estimated.</summary>
    public long? Estimate { get; set; }

    public DateTime? ApprovedAt { get; set; }

    public ApprovalChannel? ApprovedVia { get; set; }

    /// <summary>Whether the warranty covers the work, decided from the registration on the day of receipt (staff may change it with a reason in the log).</summary>
    public bool InWarranty { get; set; }

    public RepairStatus Status { get; set; }

    public DateTime? DeliveredAt { get; set; }

    public string? CollectedBy { get; set; }

    public Guid? InvoiceId { get; set; }

    public string? InvoiceNumber { get; set; }

    public Guid? OwnerId { get; set; }

    public Guid? TeamId { get; set; }

    public List<RepairOperation> Operations { get; } = [];

    public List<RepairPart> Parts { get; } = [];

    public RecordRef Customer => OrganizationId is { } o ? new RecordRef(RecordTypes.Organization, o) : new RecordRef(RecordTypes.Contact, ContactId ?? Guid.Empty);

    public bool IsClosed => Status is RepairStatus.Delivered or RepairStatus.ReturnedUnrepaired;

    /// <summary>What the customer pays: the lines the warranty does not cover (before VAT).</summary>
    public long Chargeable => Operations.Where(o => !o.Covered).Sum(o => o.Amount) + Parts.Where(p => !p.Covered).Sum(p => p.Amount);

    /// <summary>What the warranty carries: the covered lines at their price (the company's warranty cost).</summary>
    public long Covered => Operations.Where(o => o.Covered).Sum(o => o.Amount) + Parts.Where(p => p.Covered).Sum(p => p.Amount);
}

/// <summary>Work done on a repair: labour time at an hourly rate.</summary>
public sealed class RepairOperation : Entity
{
    public const int MaxMinutes = 100_000;

    public Guid RepairId { get; set; }

    public string Description { get; set; } = "";

    public int Minutes { get; set; }

    /// <summary>Rials per hour.</summary>
    public long HourlyRate { get; set; }

    /// <summary>Whether the warranty covers it (then it is billed at zero).</summary>
    public bool Covered { get; set; }

    public long Amount => (long)Math.Round(Minutes * (decimal)HourlyRate / 60m, MidpointRounding.AwayFromZero);
}

/// <summary>A catalog part used in a repair.</summary>
public sealed class RepairPart : Entity
{
    public Guid RepairId { get; set; }

    public Guid ProductId { get; set; }

    public string Name { get; set; } = "";

    public string Unit { get; set; } = "";

    public decimal Quantity { get; set; }

    /// <summary>Rials, from the catalog when the part was added.</summary>
    public long UnitPrice { get; set; }

    public decimal VatRate { get; set; }

    public bool Covered { get; set; }

    public long Amount => (long)Math.Round(Quantity * UnitPrice, MidpointRounding.AwayFromZero);
}
