using Crm.SharedKernel.Messaging;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.SharedKernel.Web;

/// <summary>A record saved (or acted on), or the errors by field with nothing saved.</summary>
public sealed record CommandResult(Guid Id, IReadOnlyDictionary<string, string> Errors)
{
    public bool Saved => Errors.Count == 0;

    public static CommandResult Invalid(string field, string error) => new(Guid.Empty, new Dictionary<string, string> { [field] = error });
}

/// <summary>
/// How a module's pages run their commands: one shape for every form and every button on a record's page. The module's
/// resources give the words ("Saved", "Error_Concurrency").
/// </summary>
public static class CommandActions
{
    /// <summary>
    /// Sends a form's command: saved, to the record's page with a message; refused, the form again with each error on its
    /// field (under <paramref name="prefix"/>, the form model's name for its input); a record gone or not visible, 404;
    /// changed by someone else meanwhile, the form with that said.
    /// </summary>
    public static async Task<IActionResult> SaveFormAsync(this Controller controller, IMediator mediator, ICommand<CommandResult> command, Func<Task<IActionResult>> showForm,
        IStringLocalizer l, CancellationToken cancellationToken, string prefix = "Input.")
    {
        CommandResult result;
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
            result = CommandResult.Invalid("", l["Error_Concurrency"]);
        }

        if (result.Saved)
        {
            controller.TempData["Message"] = l["Saved"].Value;
            return controller.RedirectToAction("Details", new { id = result.Id });
        }

        foreach (var (field, error) in result.Errors)
        {
            controller.ModelState.AddModelError(field.Length == 0 ? "" : prefix + field, error);
        }

        return await showForm();
    }

    /// <summary>Sends a button's command about record <paramref name="id"/> and comes back to its page saying what was done or why not.</summary>
    public static async Task<IActionResult> ActAsync(this Controller controller, IMediator mediator, Guid id, ICommand<CommandResult> command, string done,
        IStringLocalizer l, CancellationToken cancellationToken)
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
