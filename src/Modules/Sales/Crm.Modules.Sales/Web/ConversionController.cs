using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.Modules.Sales.Features;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Sales.Web;

/// <summary>Lead conversion: one page shows what the lead will become (and what already exists like it), one post does it all.</summary>
[Area(SalesModule.ModuleName)]
[HasPermission(SalesPermissions.Edit)]
[AutoValidateAntiforgeryToken]
public sealed class ConversionController(IMediator mediator, Pipeline pipeline, RecordDirectory records, Amounts amounts, IDisplayFormatter format, IStringLocalizer<SalesResources> l)
    : Controller
{
    [HttpGet]
    public async Task<IActionResult> Convert(Guid id, CancellationToken cancellationToken)
    {
        var lead = await mediator.Send(new GetLeadForConversion(id), cancellationToken);
        if (lead is null)
        {
            return NotFound();
        }

        var model = new ConversionModel
        {
            LeadId = lead.Id,
            LeadVersion = lead.Version,
            Contact = "new",
            Organization = string.IsNullOrWhiteSpace(lead.Company) ? "none" : "new",
            CreateDeal = true,
            DealName = string.IsNullOrWhiteSpace(lead.Company) ? lead.FullName : lead.Company,
        };
        return await FormAsync(lead, model, cancellationToken);
    }

    [HttpPost]
    public async Task<IActionResult> Convert(ConversionModel model, CancellationToken cancellationToken)
    {
        var lead = await mediator.Send(new GetLeadForConversion(model.LeadId), cancellationToken);
        if (lead is null)
        {
            return NotFound();
        }

        if (!amounts.TryParse(model.DealAmount, out var amount))
        {
            ModelState.AddModelError(nameof(model.DealAmount), l["Error_Amount"]);
        }

        DateOnly? close = null;
        if (!string.IsNullOrWhiteSpace(model.DealClose))
        {
            if (format.TryParseDateInput(model.DealClose, out var parsed))
            {
                close = parsed;
            }
            else
            {
                ModelState.AddModelError(nameof(model.DealClose), l["Error_Date"]);
            }
        }

        if (model.CreateDeal && string.IsNullOrWhiteSpace(model.DealName))
        {
            ModelState.AddModelError(nameof(model.DealName), l["Error_NameRequired"]);
        }

        if (!ModelState.IsValid)
        {
            return await FormAsync(lead, model, cancellationToken);
        }

        var command = new ConvertLead(model.LeadId, model.LeadVersion)
        {
            ExistingContactId = Guid.TryParse(model.Contact, out var contactId) ? contactId : null,
            ExistingOrganizationId = Guid.TryParse(model.Organization, out var organizationId) ? organizationId : null,
            CreateOrganization = model.Organization == "new",
            Deal = model.CreateDeal ? new NewDeal(TextLimits.Shorten(PersianText.Clean(model.DealName), 200), amount, model.ProcessId, close) : null,
        };
        try
        {
            var result = await mediator.Send(command, cancellationToken);
            TempData["Message"] = l["Converted"].Value;
            if (result.OpportunityId is { } opportunity)
            {
                return RedirectToAction("Details", "Opportunities", new { id = opportunity });
            }

            var contact = await records.FindVisibleAsync(new RecordRef(RecordTypes.Contact, result.ContactId), cancellationToken);
            return contact is null ? RedirectToAction("Index", "Board") : LocalRedirect(contact.Url);
        }
        catch (Exception e) when (e is ConversionConflictException or DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", l["Error_LeadChanged"]);
            return await FormAsync(lead, model, cancellationToken);
        }
    }

    private async Task<IActionResult> FormAsync(LeadToConvert lead, ConversionModel model, CancellationToken cancellationToken)
    {
        var phones = lead.Mobile is null ? [] : new[] { PhoneNumber.Normalize(lead.Mobile) };
        var emails = lead.Email is null ? [] : new[] { EmailAddress.Normalize(lead.Email) };
        ViewBag.Lead = lead;
        ViewBag.LeadUrl = (await records.FindVisibleAsync(new RecordRef(RecordTypes.Lead, lead.Id), cancellationToken))?.Url ?? "/";
        ViewBag.Contacts = (await mediator.Send(new FindContactDuplicates(PersianText.Key(lead.FullName), phones, emails), cancellationToken)).Where(d => d.Visible).ToList();
        ViewBag.Organizations = string.IsNullOrWhiteSpace(lead.Company)
            ? new List<DuplicateMatch>()
            : (await mediator.Send(new FindOrganizationDuplicates(lead.Company), cancellationToken)).Where(d => d.Visible).ToList();
        ViewBag.Processes = await pipeline.ProcessesAsync(cancellationToken);
        return View("Convert", model);
    }
}

public sealed class ConversionModel
{
    public Guid LeadId { get; set; }

    public Guid LeadVersion { get; set; }

    /// <summary>"new", or the id of an existing contact.</summary>
    public string? Contact { get; set; }

    /// <summary>"new", "none", or the id of an existing organization.</summary>
    public string? Organization { get; set; }

    public bool CreateDeal { get; set; }

    public string? DealName { get; set; }

    public string? DealAmount { get; set; }

    public Guid? ProcessId { get; set; }

    public string? DealClose { get; set; }
}
