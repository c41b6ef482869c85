using Crm.Modules.Activities.Contracts;
using Crm.Modules.Activities.Domain;
using Crm.Modules.Activities.Features;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Tags.Contracts;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Activities.Web;

/// <summary>Logging a call, meeting, task, note or event on a record, changing it, marking it done, deleting and restoring it.</summary>
[Area(ActivitiesModule.ModuleName)]
[HasPermission(ActivitiesPermissions.View)]
[AutoValidateAntiforgeryToken]
public sealed class ActivitiesController(DbContext db, ActivityService activities, RecordDirectory records, IMediator mediator, IStringLocalizer<ActivitiesResources> l) : Controller
{
    [HttpGet]
    [HasPermission(ActivitiesPermissions.Edit)]
    public async Task<IActionResult> Create(string record, ActivityKind kind, CancellationToken cancellationToken)
    {
        if (!RecordRef.TryParse(record, out var target) || await records.FindVisibleAsync(target, cancellationToken) is not { } link
            || !ActivityForm.LoggedKinds.Contains(kind))
        {
            return NotFound();
        }

        return await FormView(activities.NewForm(target, kind), link, cancellationToken);
    }

    [HttpGet]
    [HasPermission(ActivitiesPermissions.Edit)]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken)
    {
        if (await activities.FindVisibleAsync(id, false, cancellationToken) is not { } found || found.Activity.IsSystem)
        {
            return NotFound();
        }

        var form = activities.EditForm(found.Activity);
        var tags = await mediator.Send(new GetRecordTags(RecordTypes.Activity, [id]), cancellationToken);
        form.Tags = string.Join(", ", (tags.GetValueOrDefault(id) ?? []).Where(t => t.Kind != TagKind.System).Select(t => t.Name));
        return await FormView(form, found.Record, cancellationToken);
    }

    [HttpPost]
    [HasPermission(ActivitiesPermissions.Edit)]
    public async Task<IActionResult> Save(ActivityForm form, CancellationToken cancellationToken)
    {
        if (!RecordRef.TryParse(form.Record, out var target) || await records.FindVisibleAsync(target, cancellationToken) is not { } link)
        {
            return NotFound();
        }

        SaveResult result;
        try
        {
            result = await activities.SaveAsync(form, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }

        if (result.Saved)
        {
            TempData["Message"] = l["Saved_" + form.Kind].Value;
            return LocalRedirect(link.Url);
        }

        foreach (var (key, message) in result.Errors)
        {
            ModelState.AddModelError(key, message);
        }

        return await FormView(form, link, cancellationToken);
    }

    /// <summary>The quick note of a record page: one text box, saved as a note of now.</summary>
    [HttpPost]
    [HasPermission(ActivitiesPermissions.Edit)]
    public Task<IActionResult> Note(string record, string? body, CancellationToken cancellationToken)
    {
        var form = activities.NewForm(RecordRef.TryParse(record, out var target) ? target : new RecordRef("", Guid.Empty), ActivityKind.Note);
        form.Body = body;
        return Save(form, cancellationToken);
    }

    [HttpGet]
    public async Task<IActionResult> Details(Guid id, CancellationToken cancellationToken)
    {
        if (await activities.FindVisibleAsync(id, true, cancellationToken) is not { } found)
        {
            return NotFound();
        }

        var tags = await mediator.Send(new GetRecordTags(RecordTypes.Activity, [id]), cancellationToken);
        var userIds = new[] { found.Activity.CreatedBy, found.Activity.AssigneeId }.OfType<Guid>().ToList();
        ViewBag.Names = await mediator.Send(new GetUserNames(userIds), cancellationToken);
        ViewBag.Tags = tags.GetValueOrDefault(id) ?? [];
        ViewBag.Record = found.Record;
        return View(found.Activity);
    }

    [HttpPost]
    [HasPermission(ActivitiesPermissions.Edit)]
    public async Task<IActionResult> Done(Guid id, bool done, string? returnUrl, CancellationToken cancellationToken)
    {
        if (!await activities.SetDoneAsync(id, done, cancellationToken))
        {
            return NotFound();
        }

        TempData["Message"] = l[done ? "MarkedDone" : "MarkedOpen"].Value;
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToAction(nameof(Details), new { id });
    }

    [HttpPost]
    [HasPermission(ActivitiesPermissions.Edit)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
    {
        if (await activities.FindVisibleAsync(id, false, cancellationToken) is not { } found || found.Activity.IsSystem)
        {
            return NotFound();
        }

        var result = await this.SoftDeleteAsync(db, found.Activity, id, l["Deleted"], cancellationToken, backTo: found.Record.Url);
        if (found.Activity.Kind == ActivityKind.Task)
        {
            await activities.PublishFollowUpsAsync(found.Activity.Record, cancellationToken);
        }

        return result;
    }

    [HttpPost]
    [HasPermission(ActivitiesPermissions.Edit)]
    public async Task<IActionResult> Restore(Guid id, string? backTo, CancellationToken cancellationToken)
    {
        var found = await activities.FindVisibleAsync(id, true, cancellationToken);
        var result = await this.RestoreAsync(db, found?.Activity, false, id, l["Restored"], cancellationToken, backTo: backTo);
        if (found is not null && found.Value.Activity.Kind == ActivityKind.Task)
        {
            await activities.PublishFollowUpsAsync(found.Value.Activity.Record, cancellationToken);
        }

        return result;
    }

    private async Task<IActionResult> FormView(ActivityForm form, RecordLink record, CancellationToken cancellationToken)
    {
        ViewBag.Record = record;
        ViewBag.Assignees = await mediator.Send(new ListAssignableOwners(), cancellationToken);
        return View("Edit", form);
    }
}
