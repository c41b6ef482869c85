using Crm.Modules.Activities.Contracts;
using Crm.Modules.Activities.Features;
using Crm.SharedKernel.Records;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Modules.Activities.Web;

/// <summary>The timeline of a record page, with its filters read from the page's query (<c>tl_kind</c>, <c>tl_tag</c>, <c>tl_page</c>).</summary>
public sealed class TimelineViewComponent(Timeline timeline) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(RecordRef record)
    {
        var query = Request.Query;
        var filter = new TimelineFilter(
            Enum.TryParse<ActivityKind>(query["tl_kind"], out var kind) && Enum.IsDefined(kind) ? kind : null,
            Guid.TryParse(query["tl_tag"], out var tag) ? tag : null,
            int.TryParse(query["tl_page"], out var page) ? page : 1);
        var model = await timeline.ReadAsync(record, filter, HttpContext.RequestAborted);
        return View("~/Areas/Activities/Views/Shared/Components/Timeline/Default.cshtml", model);
    }
}

/// <summary>Buttons to log a call, schedule a follow-up, book a meeting or log an event, and a box for a quick note.</summary>
public sealed class QuickActionsViewComponent : ViewComponent
{
    public IViewComponentResult Invoke(RecordRef record) =>
        View("~/Areas/Activities/Views/Shared/Components/QuickActions/Default.cshtml", record);
}

public sealed class RecordCommentsViewComponent(Comments comments) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(RecordRef record) =>
        View("~/Areas/Activities/Views/Shared/Components/RecordComments/Default.cshtml",
            new RecordCommentsModel(record, await comments.ListAsync(record, HttpContext.RequestAborted)));
}

public sealed record RecordCommentsModel(RecordRef Record, IReadOnlyList<CommentView> Comments);
