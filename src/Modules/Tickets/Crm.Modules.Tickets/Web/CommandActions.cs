using Crm.Modules.Tickets.Features;
using Crm.SharedKernel.Messaging;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Tickets.Web;

/// <summary>How the module's pages run their commands: one shape for every form and every button on a record's page.</summary>
internal static class CommandActions
{
    /// <summary>
    /// Sends a form's command: saved, to the record's page with a message; refused, the form again with each error on its
    /// field (under "Input."); a record gone or not visible, 404; changed by someone else meanwhile, the form with that said.
    /// </summary>
    public static async Task<IActionResult> SaveFormAsync(this Controller controller, IMediator mediator, ICommand<TicketResult> command, Func<Task<IActionResult>> showForm,
        IStringLocalizer<TicketsResources> l, CancellationToken cancellationToken)
    {
        TicketResult result;
        try
        {
            result = await mediator.Send(command, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            return controller.NotFound();
        }
        catch (DbUpdateConcurrencyException)
        {
            result = TicketResult.Invalid("", l["Error_Concurrency"]);
        }

        if (result.Saved)
        {
            controller.TempData["Message"] = l["Saved"].Value;
            return controller.RedirectToAction("Details", new { id = result.Id });
        }

        foreach (var (field, error) in result.Errors)
        {
            controller.ModelState.AddModelError(field.Length == 0 ? "" : "Input." + field, error);
        }

        return await showForm();
    }

    /// <summary>Sends a button's command about record <paramref name="id"/> and comes back to its page saying what was done or why not.</summary>
    public static async Task<IActionResult> ActAsync(this Controller controller, IMediator mediator, Guid id, ICommand<TicketResult> command, string done,
        IStringLocalizer<TicketsResources> l, CancellationToken cancellationToken)
    {
        try
        {
            var result = await mediator.Send(command, cancellationToken);
            controller.TempData[result.Saved ? "Message" : "Error"] = result.Saved ? l[done].Value : string.Join(" ", result.Errors.Values);
        }
        catch (KeyNotFoundException)
        {
            return controller.NotFound();
        }
        catch (DbUpdateConcurrencyException)
        {
            controller.TempData["Error"] = l["Error_Concurrency"].Value;
        }

        return controller.RedirectToAction("Details", new { id });
    }
}
