using Crm.Modules.Identity.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Tickets.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.Modules.Tickets.Features;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Documents;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Tickets.Web;

public sealed record RepairListModel(RepairStatus? Status, string? Query, IReadOnlyList<RepairOrder> Rows);

public sealed record RepairDetailsModel(RepairOrder Repair, ProductRegistration? Registration, Ticket? Ticket, string? CustomerUrl, string? ApprovalLink, IReadOnlyDictionary<Guid, string> Names);

public sealed class RepairEditModel
{
    public RepairInput Input { get; set; } = new();

    public string? CustomerTitle { get; set; }

    public IReadOnlyList<ProductRegistration> Registrations { get; set; } = [];

    /// <summary>The fault kinds used before, offered as the fault is typed.</summary>
    public IReadOnlyList<string> Faults { get; set; } = [];

    public RepairEditModel WithFaults(IReadOnlyList<string> faults)
    {
        Faults = faults;
        return this;
    }
}

/// <summary>Repair orders: receipt at the counter, diagnosis and estimate, work and parts, delivery and the service invoice.</summary>
[Area(TicketsModule.ModuleName)]
[HasPermission(TicketsPermissions.View)]
[AutoValidateAntiforgeryToken]
public sealed class RepairsController(
    DbContext db,
    ICurrentUser user,
    IMediator mediator,
    RecordDirectory records,
    CustomerLinks links,
    RepairReceipt receipt,
    Amounts<TicketsResources> money,
    Crm.SharedKernel.Localization.IDisplayFormatter format,
    IStringLocalizer<TicketsResources> l) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(RepairStatus? status, string? q, CancellationToken cancellationToken)
    {
        var query = db.Set<RepairOrder>().VisibleTo(user).AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(r => r.Status == s);
        }

        var text = string.IsNullOrWhiteSpace(q) ? null : TextLimits.Shorten(PersianText.Clean(q), 100);
        if (text is not null)
        {
            var upper = text.ToUpperInvariant();
            query = query.Where(r => r.Number == upper || r.SerialNumber == upper || r.CustomerName.Contains(text) || r.Item.Contains(text));
        }

        return View(new RepairListModel(status, text, await query.OrderByDescending(r => r.Id).Take(100).ToListAsync(cancellationToken)));
    }

    [HttpGet]
    public async Task<IActionResult> Details(Guid id, CancellationToken cancellationToken)
    {
        var repair = await db.Set<RepairOrder>().IgnoreQueryFilters().VisibleTo(user).AsNoTracking().Include(r => r.Operations).Include(r => r.Parts).AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (repair is null)
        {
            return NotFound();
        }

        var registration = repair.RegistrationId is { } rid ? await db.Set<ProductRegistration>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == rid, cancellationToken) : null;
        var ticket = repair.TicketId is { } tid ? await db.Set<Ticket>().VisibleTo(user).AsNoTracking().FirstOrDefaultAsync(t => t.Id == tid, cancellationToken) : null;
        var customerUrl = (await records.FindVisibleAsync(repair.Customer, cancellationToken))?.Url;
        var link = repair.Status == RepairStatus.AwaitingApproval ? links.Url(CustomerLinks.Estimate, repair.Id) : null;
        var names = await mediator.Send(new GetUserNames(repair.OwnerId is { } o ? [o] : []), cancellationToken);
        return View(new RepairDetailsModel(repair, registration, ticket, customerUrl, link, names));
    }

    [HttpGet]
    [HasPermission(TicketsPermissions.Edit)]
    public async Task<IActionResult> Create(Guid? ticket, Guid? registration, string? customer, CancellationToken cancellationToken)
    {
        var model = new RepairEditModel { Input = new RepairInput { TicketId = ticket, RegistrationId = registration, Customer = customer } };
        if (ticket is { } ticketId)
        {
            var found = await db.Set<Ticket>().VisibleTo(user).AsNoTracking().FirstOrDefaultAsync(t => t.Id == ticketId, cancellationToken);
            if (found is null)
            {
                return NotFound();
            }

            model.Input.Customer = (found.OrganizationId is { } o ? new RecordRef(RecordTypes.Organization, o) : new RecordRef(RecordTypes.Contact, found.ContactId ?? Guid.Empty)).ToString();
            (model.Input.RegistrationId, model.Input.ReportedFaults) = (registration ?? found.RegistrationId, found.Subject);
        }
        else if (registration is { } registrationId
                 && await db.Set<ProductRegistration>().VisibleTo(user).AsNoTracking().FirstOrDefaultAsync(r => r.Id == registrationId, cancellationToken) is { } r)
        {
            model.Input.Customer = r.Customer.ToString();
        }

        return View("Edit", await FillAsync(model, cancellationToken));
    }

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public Task<IActionResult> Create(RepairEditModel model, CancellationToken cancellationToken)
    {
        model.Input.Id = null;
        return SaveAsync(model, cancellationToken);
    }

    [HttpGet]
    [HasPermission(TicketsPermissions.Edit)]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken)
    {
        var r = await db.Set<RepairOrder>().VisibleTo(user).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (r is null)
        {
            return NotFound();
        }

        return View(new RepairEditModel
        {
            CustomerTitle = r.CustomerName,
            Input = new RepairInput
            {
                Id = r.Id, Version = r.Version, Customer = r.Customer.ToString(), Item = r.Item, SerialNumber = r.SerialNumber, Condition = r.Condition,
                Accessories = r.Accessories, ReportedFaults = r.ReportedFaults, Diagnosis = r.Diagnosis, Fault = r.Fault, Estimate = money.Input(r.Estimate),
            },
        }.WithFaults(await FaultsAsync(cancellationToken)));
    }

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public Task<IActionResult> Edit(Guid id, RepairEditModel model, CancellationToken cancellationToken)
    {
        model.Input.Id = id;
        return SaveAsync(model, cancellationToken);
    }

    private Task<IActionResult> SaveAsync(RepairEditModel model, CancellationToken cancellationToken) =>
        this.SaveFormAsync(mediator, new SaveRepair(model.Input), async () => View("Edit", await FillAsync(model, cancellationToken)), l, cancellationToken);

    private async Task<RepairEditModel> FillAsync(RepairEditModel model, CancellationToken cancellationToken)
    {
        if (RecordRef.TryParse(model.Input.Customer, out var customer) && await records.FindVisibleAsync(customer, cancellationToken) is { } link)
        {
            model.CustomerTitle = link.Title;
            model.Registrations = await db.Set<ProductRegistration>().AsNoTracking()
                .Where(r => r.ContactId == customer.Id || r.OrganizationId == customer.Id).OrderByDescending(r => r.PurchaseDate).Take(50).ToListAsync(cancellationToken);
        }

        return model.WithFaults(await FaultsAsync(cancellationToken));
    }

    private Task<List<string>> FaultsAsync(CancellationToken cancellationToken) =>
        db.Set<RepairOrder>().AsNoTracking().Where(r => r.Fault != null).Select(r => r.Fault!).Distinct().OrderBy(f => f).Take(100).ToListAsync(cancellationToken);

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public Task<IActionResult> AddOperation(Guid id, RepairLineInput line, CancellationToken cancellationToken) =>
        AfterAsync(id, new AddRepairOperation(id, line), "LineAdded", cancellationToken);

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public Task<IActionResult> AddPart(Guid id, RepairLineInput line, CancellationToken cancellationToken) =>
        AfterAsync(id, new AddRepairPart(id, line), "LineAdded", cancellationToken);

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public Task<IActionResult> RemoveLine(Guid id, Guid line, CancellationToken cancellationToken) =>
        AfterAsync(id, new RemoveRepairLine(id, line), "LineRemoved", cancellationToken);

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public Task<IActionResult> Move(Guid id, Guid version, RepairStatus status, CancellationToken cancellationToken) =>
        AfterAsync(id, new MoveRepair(id, version, status), "StatusChanged", cancellationToken);

    /// <summary>The customer's answer to the estimate given at the counter.</summary>
    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public Task<IActionResult> Answer(Guid id, bool approved, CancellationToken cancellationToken) =>
        AfterAsync(id, new AnswerEstimate(id, ApprovalChannel.Counter, approved), approved ? "EstimateApproved" : "EstimateDeclinedDone", cancellationToken);

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public Task<IActionResult> Deliver(Guid id, Guid version, string? collectedBy, bool unrepaired, CancellationToken cancellationToken) =>
        AfterAsync(id, new DeliverRepair(id, version, collectedBy, unrepaired), "Delivered", cancellationToken);

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public Task<IActionResult> Invoice(Guid id, CancellationToken cancellationToken) =>
        AfterAsync(id, new InvoiceRepair(id), "Invoiced", cancellationToken);

    private Task<IActionResult> AfterAsync(Guid id, ICommand<CommandResult> command, string done, CancellationToken cancellationToken) =>
        this.ActAsync(mediator, id, command, done, l, cancellationToken);

    /// <summary>The receipt the customer signs when leaving the item, in Persian or English.</summary>
    [HttpGet]
    public async Task<IActionResult> Receipt(Guid id, string? language, CancellationToken cancellationToken)
    {
        var repair = await db.Set<RepairOrder>().VisibleTo(user).AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (repair is null)
        {
            return NotFound();
        }

        try
        {
            var lang = language is "en" or "fa" ? language : format.IsPersian ? "fa" : "en";
            return File(await receipt.PdfAsync(repair, lang, cancellationToken), "application/pdf", $"{repair.Number}-{lang}.pdf");
        }
        catch (PdfUnavailableException e)
        {
            TempData["Error"] = l["Error_NoPdf", e.Message].Value;
            return RedirectToAction(nameof(Details), new { id });
        }
    }

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken) =>
        await this.SoftDeleteAsync(db, await db.Set<RepairOrder>().VisibleTo(user).FirstOrDefaultAsync(r => r.Id == id, cancellationToken), id, l["Deleted"], cancellationToken);

    [HttpPost]
    [HasPermission(TicketsPermissions.Edit)]
    public async Task<IActionResult> Restore(Guid id, CancellationToken cancellationToken) =>
        await this.RestoreAsync(db, await db.Set<RepairOrder>().IgnoreQueryFilters().VisibleTo(user).FirstOrDefaultAsync(r => r.Id == id, cancellationToken), false, id, l["Restored"], cancellationToken);

    /// <summary>Catalog products for the parts picker.</summary>
    [HttpGet]
    [HasPermission(TicketsPermissions.Edit)]
    public async Task<IActionResult> Products(string? q, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Trim().Length < 2)
        {
            return Json(Array.Empty<object>());
        }

        var found = await mediator.Send(new FindCatalogProducts(TextLimits.Shorten(q.Trim(), 100), null, 10), cancellationToken);
        return Json(found.Select(p => new { value = p.Id.ToString(), title = p.Name + " (" + p.Code + ")", type = p.Unit }));
    }
}
