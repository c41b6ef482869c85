using Crm.Modules.Activities.Contracts;
using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Localization;
using Crm.SharedKernel.Web;

namespace Crm.Modules.Tickets.Features;

/// <summary>The receipt and diagnosis of a repair, as the form sends them.</summary>
public sealed class RepairInput
{
    public Guid? Id { get; set; }

    public Guid Version { get; set; }

    /// <summary>The ticket the repair comes from; its customer and registration are the repair's.</summary>
    public Guid? TicketId { get; set; }

    public Guid? RegistrationId { get; set; }

    public string? Customer { get; set; }

    public string? Item { get; set; }

    public string? SerialNumber { get; set; }

    public string? Condition { get; set; }

    public string? Accessories { get; set; }

    public string? ReportedFaults { get; set; }

    public string? Diagnosis { get; set; }

    public string? Fault { get; set; }

    /// <summary>As typed, in the app's amount unit.</summary>
    public string? Estimate { get; set; }
}

/// <summary>A line of work or a part, as the form sends it.</summary>
public sealed class RepairLineInput
{
    public string? Description { get; set; }

    public int Minutes { get; set; }

    public string? HourlyRate { get; set; }

    public Guid? ProductId { get; set; }

    public string? Quantity { get; set; }

    public bool Covered { get; set; }
}

public sealed record SaveRepair(RepairInput Input) : ICommand<CommandResult>;

public sealed record AddRepairOperation(Guid RepairId, RepairLineInput Line) : ICommand<CommandResult>;

public sealed record AddRepairPart(Guid RepairId, RepairLineInput Line) : ICommand<CommandResult>;

public sealed record RemoveRepairLine(Guid RepairId, Guid LineId) : ICommand<CommandResult>;

/// <summary>Moves a repair along received → diagnosing → awaiting approval → repairing → ready.</summary>
public sealed record MoveRepair(Guid RepairId, Guid Version, RepairStatus Status) : ICommand<CommandResult>;

/// <summary>The customer's answer to the estimate, at the counter or by the link sent to them.</summary>
public sealed record AnswerEstimate(Guid RepairId, ApprovalChannel Channel, bool Approved) : ICommand<CommandResult>;

/// <summary>Hands the item back: repaired, or returned unrepaired; with who collected it.</summary>
public sealed record DeliverRepair(Guid RepairId, Guid Version, string? CollectedBy, bool Unrepaired) : ICommand<CommandResult>;

/// <summary>Bills the repair once through the invoicing module: the lines the warranty covers at zero, the rest charged.</summary>
public sealed record InvoiceRepair(Guid RepairId) : ICommand<CommandResult>;

public sealed class RepairCommandHandlers(
    DbContext db,
    ICurrentUser user,
    IClock clock,
    IMediator mediator,
    RecordDirectory records,
    Amounts<TicketsResources> amounts,
    IWorkingCalendarSource calendars,
    IConfiguration configuration,
    IStringLocalizer<TicketsResources> l) :
    IRequestHandler<SaveRepair, CommandResult>,
    IRequestHandler<AddRepairOperation, CommandResult>,
    IRequestHandler<AddRepairPart, CommandResult>,
    IRequestHandler<RemoveRepairLine, CommandResult>,
    IRequestHandler<MoveRepair, CommandResult>,
    IRequestHandler<AnswerEstimate, CommandResult>,
    IRequestHandler<DeliverRepair, CommandResult>,
    IRequestHandler<InvoiceRepair, CommandResult>
{
    private static readonly Dictionary<string, string> None = [];

    public async ValueTask<CommandResult> Handle(SaveRepair request, CancellationToken cancellationToken)
    {
        var input = request.Input;
        var errors = new Dictionary<string, string>();
        RepairOrder? repair = null;
        if (input.Id is { } id)
        {
            repair = await FindAsync(id, cancellationToken);
            if (repair.Version != input.Version || repair.IsClosed)
            {
                errors[""] = l[repair.IsClosed ? "Error_RepairClosed" : "Error_Concurrency"];
            }
        }

        Ticket? ticket = null;
        if (repair is null && input.TicketId is { } ticketId)
        {
            ticket = await db.Set<Ticket>().VisibleTo(user).AsNoTracking().FirstOrDefaultAsync(t => t.Id == ticketId, cancellationToken) ?? throw new KeyNotFoundException();
            input.Customer = ticket.OrganizationId is { } o ? new RecordRef(RecordTypes.Organization, o).ToString() : new RecordRef(RecordTypes.Contact, ticket.ContactId ?? Guid.Empty).ToString();
            input.RegistrationId ??= ticket.RegistrationId;
        }

        RecordLink? customer = null;
        RecordRef? customerRef = null;
        if (repair is null && (!RecordRef.TryParse(input.Customer, out customerRef) || customerRef.Type is not (RecordTypes.Contact or RecordTypes.Organization)
            || (customer = await records.FindVisibleAsync(customerRef, cancellationToken)) is null))
        {
            errors[nameof(input.Customer)] = l["Error_Customer"];
        }

        ProductRegistration? registration = null;
        if (repair is null && input.RegistrationId is { } registrationId)
        {
            registration = await db.Set<ProductRegistration>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == registrationId, cancellationToken);
            if (registration is null || registration.Customer != customerRef)
            {
                errors[nameof(input.RegistrationId)] = l["Error_Registration"];
            }
        }

        var item = PersianText.Clean(input.Item ?? "");
        if (item.Length == 0 && registration is not null)
        {
            item = registration.ProductName;
        }

        Text(item, nameof(input.Item), RepairOrder.ItemMaxLength, errors, required: repair is null);
        var faults = input.ReportedFaults?.Trim() ?? "";
        Text(faults, nameof(input.ReportedFaults), RepairOrder.TextMaxLength, errors, required: true);
        Text(input.Condition, nameof(input.Condition), RepairOrder.ShortTextMaxLength, errors);
        Text(input.Accessories, nameof(input.Accessories), RepairOrder.ShortTextMaxLength, errors);
        Text(input.Diagnosis, nameof(input.Diagnosis), RepairOrder.TextMaxLength, errors);
        Text(input.Fault, nameof(input.Fault), RepairOrder.FaultMaxLength, errors);
        Text(input.SerialNumber, nameof(input.SerialNumber), ProductRegistration.SerialMaxLength, errors);
        long? estimate = null;
        if (!string.IsNullOrWhiteSpace(input.Estimate))
        {
            if (amounts.TryParse(input.Estimate, out var rials))
            {
                estimate = rials;
            }
            else
            {
                errors[nameof(input.Estimate)] = l["Error_Amount"];
            }
        }

        if (errors.Count > 0)
        {
            return new CommandResult(Guid.Empty, errors);
        }

        if (repair is null)
        {
            var today = (await calendars.GetAsync(cancellationToken)).LocalDate(clock.UtcNow);
            repair = new RepairOrder
            {
                Number = await TicketNumbers.NextAsync(db, "RPR", (await calendars.GetAsync(cancellationToken)).LocalDate(clock.UtcNow), cancellationToken), TicketId = ticket?.Id, RegistrationId = registration?.Id,
                ReceivedAt = clock.UtcNow, Status = RepairStatus.Received, InWarranty = registration?.InWarrantyOn(today) ?? false,
                OwnerId = user.UserId ?? customer!.OwnerId, TeamId = user.UserId is null ? customer!.TeamId : user.TeamId, CustomerName = TextLimits.Shorten(customer!.Title, 200),
                SerialNumber = registration?.SerialNumber,
            };
            var isOrganization = customerRef!.Type == RecordTypes.Organization;
            (repair.OrganizationId, repair.ContactId) = (isOrganization ? customerRef.Id : null, isOrganization ? null : customerRef.Id);
            db.Add(repair);
            await mediator.Send(new LogTimelineEvent(customerRef, ActivityKind.StatusChange, l.InBoth("Timeline_RepairReceived", repair.Number, item)), cancellationToken);
        }

        if (item.Length > 0)
        {
            repair.Item = item;
        }

        repair.SerialNumber = Clean(input.SerialNumber)?.ToUpperInvariant() ?? repair.SerialNumber;
        (repair.Condition, repair.Accessories, repair.ReportedFaults, repair.Diagnosis) = (Clean(input.Condition), Clean(input.Accessories), faults, Clean(input.Diagnosis));
        repair.Fault = input.Fault is null ? null : Clean(PersianText.Clean(input.Fault));
        repair.Estimate = estimate;
        return new CommandResult(repair.Id, None);
    }

    public async ValueTask<CommandResult> Handle(AddRepairOperation request, CancellationToken cancellationToken)
    {
        if (await OpenAsync(request.RepairId, cancellationToken) is not { } repair)
        {
            return Closed();
        }

        var line = request.Line;
        var description = PersianText.Clean(line.Description ?? "");
        if (description.Length is 0 or > 200)
        {
            return CommandResult.Invalid("Description", l["Error_LineDescription"]);
        }

        if (line.Minutes is <= 0 or > RepairOperation.MaxMinutes || !amounts.TryParse(line.HourlyRate, out var rate))
        {
            return CommandResult.Invalid("Minutes", l["Error_Labour", RepairOperation.MaxMinutes]);
        }

        if (repair.Operations.Count + repair.Parts.Count >= RepairOrder.MaxLines)
        {
            return CommandResult.Invalid("", l["Error_TooManyLines", RepairOrder.MaxLines]);
        }

        var operation = new RepairOperation { RepairId = repair.Id, Description = description, Minutes = line.Minutes, HourlyRate = rate, Covered = line.Covered && repair.InWarranty };
        if (operation.Amount > MoneyText.MaxRials)
        {
            return CommandResult.Invalid("HourlyRate", l["Error_Amount"]);
        }

        db.Add(operation);
        repair.Version = Guid.NewGuid();
        return new CommandResult(repair.Id, None);
    }

    public async ValueTask<CommandResult> Handle(AddRepairPart request, CancellationToken cancellationToken)
    {
        if (await OpenAsync(request.RepairId, cancellationToken) is not { } repair)
        {
            return Closed();
        }

        var line = request.Line;
        if (line.ProductId is not { } productId || !(await mediator.Send(new GetCatalogProducts([productId], null), cancellationToken)).TryGetValue(productId, out var product))
        {
            return CommandResult.Invalid("ProductId", l["Error_Product"]);
        }

        if (!MoneyText.TryParseNumber(line.Quantity, out var quantity) || quantity <= 0 || quantity > MoneyText.MaxQuantity || decimal.Round(quantity, 3) != quantity
            || quantity * product.Price > MoneyText.MaxRials)
        {
            return CommandResult.Invalid("Quantity", l["Error_Quantity"]);
        }

        if (repair.Operations.Count + repair.Parts.Count >= RepairOrder.MaxLines)
        {
            return CommandResult.Invalid("", l["Error_TooManyLines", RepairOrder.MaxLines]);
        }

        db.Add(new RepairPart
        {
            RepairId = repair.Id, ProductId = product.Id, Name = TextLimits.Shorten(product.Name, 200), Unit = TextLimits.Shorten(product.Unit, 30), Quantity = quantity,
            UnitPrice = product.Price, VatRate = product.VatRate, Covered = line.Covered && repair.InWarranty,
        });
        repair.Version = Guid.NewGuid();
        return new CommandResult(repair.Id, None);
    }

    public async ValueTask<CommandResult> Handle(RemoveRepairLine request, CancellationToken cancellationToken)
    {
        if (await OpenAsync(request.RepairId, cancellationToken) is not { } repair)
        {
            return Closed();
        }

        if (repair.Operations.FirstOrDefault(o => o.Id == request.LineId) is { } operation)
        {
            db.Remove(operation);
        }
        else if (repair.Parts.FirstOrDefault(p => p.Id == request.LineId) is { } part)
        {
            db.Remove(part);
        }

        repair.Version = Guid.NewGuid();
        return new CommandResult(repair.Id, None);
    }

    public async ValueTask<CommandResult> Handle(MoveRepair request, CancellationToken cancellationToken)
    {
        if (await OpenAsync(request.RepairId, cancellationToken) is not { } repair)
        {
            return Closed();
        }

        if (repair.Version != request.Version)
        {
            return CommandResult.Invalid("", l["Error_Concurrency"]);
        }

        if (request.Status is not (RepairStatus.Diagnosing or RepairStatus.AwaitingApproval or RepairStatus.Repairing or RepairStatus.Ready))
        {
            return CommandResult.Invalid("Status", l["Error_Choice"]);
        }

        // Out of warranty, the work waits on a yes to a priced estimate.
        if (request.Status == RepairStatus.AwaitingApproval && repair.Estimate is null)
        {
            return CommandResult.Invalid("Estimate", l["Error_EstimateFirst"]);
        }

        if (request.Status == RepairStatus.Repairing && !repair.InWarranty && repair.ApprovedAt is null)
        {
            return CommandResult.Invalid("Status", l["Error_NotApproved"]);
        }

        repair.Status = request.Status;
        return new CommandResult(repair.Id, None);
    }

    public async ValueTask<CommandResult> Handle(AnswerEstimate request, CancellationToken cancellationToken)
    {
        // The customer's link or portal session carries no signed-in user, so the repair is found without the visibility
        // rule; the link, or the portal's check that the repair is the customer's, is what authorises it.
        var query = db.Set<RepairOrder>().Include(r => r.Operations).Include(r => r.Parts).AsSplitQuery();
        var repair = await (request.Channel == ApprovalChannel.Counter ? query.VisibleTo(user) : query).FirstOrDefaultAsync(r => r.Id == request.RepairId, cancellationToken)
            ?? throw new KeyNotFoundException();
        if (repair.Status != RepairStatus.AwaitingApproval)
        {
            return CommandResult.Invalid("", l["Error_NotAwaitingApproval"]);
        }

        if (request.Approved)
        {
            (repair.ApprovedAt, repair.ApprovedVia, repair.Status) = (clock.UtcNow, request.Channel, RepairStatus.Repairing);
        }
        else
        {
            // Declined: the item waits to be collected and goes back unrepaired.
            repair.Status = RepairStatus.Ready;
            repair.Diagnosis = TextLimits.Shorten((repair.Diagnosis is null ? "" : repair.Diagnosis + "\n") + l["EstimateDeclined"], RepairOrder.TextMaxLength);
        }

        repair.Version = Guid.NewGuid();
        await mediator.Send(new LogTimelineEvent(repair.Customer, ActivityKind.StatusChange,
            l.InBoth(request.Approved ? "Timeline_EstimateApproved" : "Timeline_EstimateDeclined", repair.Number)), cancellationToken);
        return new CommandResult(repair.Id, None);
    }

    public async ValueTask<CommandResult> Handle(DeliverRepair request, CancellationToken cancellationToken)
    {
        if (await OpenAsync(request.RepairId, cancellationToken) is not { } repair)
        {
            return Closed();
        }

        if (repair.Version != request.Version)
        {
            return CommandResult.Invalid("", l["Error_Concurrency"]);
        }

        var collectedBy = PersianText.Clean(request.CollectedBy ?? "");
        if (collectedBy.Length is 0 or > 200)
        {
            return CommandResult.Invalid("CollectedBy", l["Error_CollectedBy"]);
        }

        if (!request.Unrepaired && repair.Status != RepairStatus.Ready)
        {
            return CommandResult.Invalid("Status", l["Error_NotReady"]);
        }

        (repair.Status, repair.DeliveredAt, repair.CollectedBy) = (request.Unrepaired ? RepairStatus.ReturnedUnrepaired : RepairStatus.Delivered, clock.UtcNow, collectedBy);
        // A repair out of warranty on a registration with free services left uses one of them.
        if (!request.Unrepaired && !repair.InWarranty && repair.RegistrationId is { } registrationId
            && await db.Set<ProductRegistration>().FirstOrDefaultAsync(r => r.Id == registrationId, cancellationToken) is { FreeServicesLeft: > 0 } registration)
        {
            registration.FreeServicesUsed++;
        }

        await mediator.Send(new LogTimelineEvent(repair.Customer, ActivityKind.StatusChange, l.InBoth("Timeline_RepairDelivered", repair.Number, collectedBy)), cancellationToken);
        return new CommandResult(repair.Id, None);
    }

    public async ValueTask<CommandResult> Handle(InvoiceRepair request, CancellationToken cancellationToken)
    {
        var repair = await FindAsync(request.RepairId, cancellationToken);
        if (repair.InvoiceId is not null)
        {
            return CommandResult.Invalid("", l["Error_AlreadyInvoiced", repair.InvoiceNumber ?? ""]);
        }

        if (repair.Operations.Count + repair.Parts.Count == 0)
        {
            return CommandResult.Invalid("", l["Error_NothingToInvoice"]);
        }

        var labourVat = configuration.GetValue("Tickets:LabourVatRate", 10m);
        string Covered(string text, bool covered) => covered ? text + " — " + l["CoveredByWarranty"] : text;
        var lines = repair.Operations.OrderBy(o => o.Id)
            .Select(o => new ServiceInvoiceLine(null, Covered(l["LabourLine", o.Description, o.Minutes], o.Covered), l["Unit_Job"], 1, o.Covered ? 0 : o.Amount, labourVat))
            .Concat(repair.Parts.OrderBy(p => p.Id).Select(p => new ServiceInvoiceLine(p.ProductId, Covered(p.Name, p.Covered), p.Unit, p.Quantity, p.Covered ? 0 : p.UnitPrice, p.VatRate)))
            .ToList();
        var note = l[repair.InWarranty ? "InvoiceNote_Warranty" : "InvoiceNote_Service", repair.Number, repair.Item, repair.SerialNumber ?? "—"];
        var issued = await mediator.Send(new IssueServiceInvoice(repair.Customer, repair.CustomerName, repair.OwnerId, repair.TeamId, note, lines), cancellationToken);
        if (issued.InvoiceId is null)
        {
            return CommandResult.Invalid("", issued.Error ?? l["Error_NothingToInvoice"]);
        }

        (repair.InvoiceId, repair.InvoiceNumber) = (issued.InvoiceId, issued.Number);
        repair.Version = Guid.NewGuid();
        return new CommandResult(repair.Id, None);
    }

    private async Task<RepairOrder> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Set<RepairOrder>().VisibleTo(user).Include(r => r.Operations).Include(r => r.Parts).AsSplitQuery().FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
        ?? throw new KeyNotFoundException();

    /// <summary>A repair still in the shop, or null when it was handed back: then it is a record of what was done and changes no more.</summary>
    private async Task<RepairOrder?> OpenAsync(Guid id, CancellationToken cancellationToken)
    {
        var repair = await FindAsync(id, cancellationToken);
        return repair.IsClosed ? null : repair;
    }

    private CommandResult Closed() => CommandResult.Invalid("", l["Error_RepairClosed"]);

    private void Text(string? text, string field, int max, Dictionary<string, string> errors, bool required = false)
    {
        var length = text?.Trim().Length ?? 0;
        if (required && length == 0)
        {
            errors[field] = l["Error_Required"];
        }
        else if (length > max)
        {
            errors[field] = l["Error_TooLong", max];
        }
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
