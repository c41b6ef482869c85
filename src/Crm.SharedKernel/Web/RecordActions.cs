using Crm.SharedKernel.Domain;
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
    public static async Task<IActionResult> SoftDeleteAsync(this Controller controller, DbContext db, ISoftDeletable? record, Guid id, string message, CancellationToken cancellationToken)
    {
        if (record is null)
        {
            return controller.NotFound();
        }

        db.Remove(record);
        await db.SaveChangesAsync(cancellationToken);
        controller.TempData["Message"] = message;
        controller.TempData["RestoreUrl"] = controller.Url.Action("Restore", new { id });
        return controller.RedirectToAction("Index");
    }

    /// <summary>Restores a soft-deleted record; one that was merged into another stays where the merge put it.</summary>
    public static async Task<IActionResult> RestoreAsync(this Controller controller, DbContext db, ISoftDeletable? record, bool merged, Guid id, string message, CancellationToken cancellationToken)
    {
        if (record is null || !record.IsDeleted || merged)
        {
            return controller.NotFound();
        }

        record.IsDeleted = false;
        await db.SaveChangesAsync(cancellationToken);
        controller.TempData["Message"] = message;
        return controller.RedirectToAction("Details", new { id });
    }
}
