using Crm.Modules.Invoicing.Features;
using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Invoicing.Domain;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Invoicing.Web;

/// <summary>A customer's billing preferences, set from their page.</summary>
[Area(InvoicingModule.ModuleName)]
[HasPermission(InvoicingPermissions.Edit)]
[AutoValidateAntiforgeryToken]
public sealed class CustomerBillingController(DbContext db, RecordDirectory records, IStringLocalizer<InvoicingResources> l) : Controller
{
    /// <summary>Gives a customer a reminder policy of their own (or back to the default).</summary>
    [HttpPost]
    public async Task<IActionResult> CustomerPolicy(string? customer, Guid? policyId, CancellationToken cancellationToken)
    {
        if (!RecordRef.TryParse(customer, out var reference) || await records.FindVisibleAsync(reference, cancellationToken) is not { } link)
        {
            return NotFound();
        }

        var row = await db.Set<CustomerReminderPolicy>().FirstOrDefaultAsync(c => c.CustomerType == reference.Type && c.CustomerId == reference.Id, cancellationToken);
        if (policyId is null)
        {
            if (row is not null)
            {
                db.Remove(row);
            }
        }
        else if (await db.Set<ReminderPolicy>().AnyAsync(p => p.Id == policyId, cancellationToken))
        {
            row ??= db.Add(new CustomerReminderPolicy { CustomerType = reference.Type, CustomerId = reference.Id }).Entity;
            row.ReminderPolicyId = policyId.Value;
        }

        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = l["Saved"].Value;
        return LocalRedirect(link.Url);
    }
}
