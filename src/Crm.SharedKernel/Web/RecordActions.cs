using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Lists;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Crm.SharedKernel.Web;

/// <summary>
/// The delete and restore steps every customer record list shares: nothing is deleted for good by one click, so a
/// delete is a soft delete that returns to the list with an undo button, and restore brings the record back.
/// The controller finds the record with its own visibility rule; a record it cannot see is a 404.
/// </summary>
public static class RecordActions
{
    /// <param name="backTo">A local page to return to instead of the list (a record's page after deleting something on it); the restore goes back there too.</param>
    public static async Task<IActionResult> SoftDeleteAsync(this Controller controller, DbContext db, ISoftDeletable? record, Guid id, string message, CancellationToken cancellationToken,
        string? backTo = null)
    {
        if (record is null)
        {
            return controller.NotFound();
        }

        db.Remove(record);
        await db.SaveChangesAsync(cancellationToken);
        var returning = backTo is not null && controller.Url.IsLocalUrl(backTo);
        controller.TempData["Message"] = message;
        controller.TempData["RestoreUrl"] = controller.Url.Action("Restore", new { id, backTo = returning ? backTo : null });
        return returning ? controller.LocalRedirect(backTo!) : controller.RedirectToAction("Index");
    }

    /// <summary>Restores a soft-deleted record; one that was merged into another stays where the merge put it.</summary>
    /// <param name="page">The action showing the restored record.</param>
    /// <param name="backTo">A local page to return to instead (where the record was deleted from).</param>
    public static async Task<IActionResult> RestoreAsync(this Controller controller, DbContext db, ISoftDeletable? record, bool merged, Guid id, string message, CancellationToken cancellationToken,
        string page = "Details", string? backTo = null)
    {
        if (record is null || !record.IsDeleted || merged)
        {
            return controller.NotFound();
        }

        record.IsDeleted = false;
        await db.SaveChangesAsync(cancellationToken);
        controller.TempData["Message"] = message;
        return backTo is not null && controller.Url.IsLocalUrl(backTo) ? controller.LocalRedirect(backTo) : controller.RedirectToAction(page, new { id });
    }

    /// <summary>
    /// After a save: to the record's page with <paramref name="savedMessage"/>, or null when it was not saved, with the
    /// errors put on the form and the possible duplicates in <c>ViewBag.Duplicates</c> for the caller to show the form again.
    /// </summary>
    public static IActionResult? AfterSave(this Controller controller, SaveResult result, string savedMessage)
    {
        if (result.Saved)
        {
            controller.TempData["Message"] = savedMessage;
            return controller.RedirectToAction("Details", new { id = result.Id });
        }

        foreach (var (key, message) in result.Errors)
        {
            controller.ModelState.AddModelError(key, message);
        }

        controller.ViewBag.Duplicates = result.Duplicates;
        return null;
    }

    /// <summary>
    /// Saves a customer record through <paramref name="save"/>: to its page when saved, a 404 when it is not there (or not
    /// visible), otherwise the form again (from <paramref name="showForm"/>) with the errors and possible duplicates.
    /// </summary>
    public static async Task<IActionResult> SaveRecordAsync(this Controller controller, Func<Task<SaveResult>> save, string savedMessage, Func<Task<IActionResult>> showForm)
    {
        SaveResult result;
        try
        {
            result = await save();
        }
        catch (KeyNotFoundException)
        {
            return controller.NotFound();
        }

        return controller.AfterSave(result, savedMessage) ?? await showForm();
    }

    /// <summary>
    /// Writes a settings form's changes (a process, a product, a template): back to the list with
    /// <paramref name="savedMessage"/>, or, when someone else changed the same row meanwhile, the form again with
    /// <paramref name="conflictMessage"/>.
    /// </summary>
    public static async Task<IActionResult> SaveSettingsAsync(this Controller controller, DbContext db, string savedMessage, string conflictMessage, Func<IActionResult> showForm,
        CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            controller.ModelState.AddModelError("", conflictMessage);
            return showForm();
        }

        controller.TempData["Message"] = savedMessage;
        return controller.RedirectToAction("Index");
    }
}
