using Crm.Modules.Tags.Contracts;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Modules.Tags.Web;

/// <summary>The tags of a record on its page, with a box to add more (suggestions as one types) and a button to take one off.</summary>
public sealed class RecordTagsViewComponent(IMediator mediator) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(RecordRef record)
    {
        var tags = await mediator.Send(new GetRecordTags(record.Type, [record.Id]));
        return View("~/Areas/Tags/Views/Shared/Components/RecordTags/Default.cshtml", new RecordTagsModel(record, tags.GetValueOrDefault(record.Id) ?? []));
    }
}

public sealed record RecordTagsModel(RecordRef Record, IReadOnlyList<TagChip> Tags);
