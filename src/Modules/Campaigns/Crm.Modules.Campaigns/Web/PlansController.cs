using Crm.Modules.Campaigns.Contracts;
using Crm.Modules.Campaigns.Domain;
using Crm.Modules.Campaigns.Features;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Messaging.Contracts;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Campaigns.Web;

public sealed record PlanRow(MarketingPlan Plan, int Campaigns, long CampaignBudgets);

public sealed record PlanListModel(PlanStatus? Status, IReadOnlyList<PlanRow> Rows, int WaitingForMe);

public sealed record PlanHistoryRow(PlanHistoryEntry Entry, string? UserName);

public sealed record PlanDetailsModel(MarketingPlan Plan, IReadOnlyList<Campaign> Campaigns, IReadOnlyList<PlanHistoryRow> History, string? OwnerName, bool CanEdit, bool CanDecide,
    IReadOnlyDictionary<Guid, CampaignOutcome> Results, IReadOnlyList<CampaignCost> Costs, IReadOnlyList<Crm.Modules.Forms.Contracts.FillableForm> LeadForms)
{
    /// <summary>Results are shown once a manager approved the plan: before, nothing could have been sent or earned.</summary>
    public bool HasResults => Plan.Status is PlanStatus.Approved or PlanStatus.Running or PlanStatus.Completed && Campaigns.Count > 0;

    public CampaignOutcome Total => Campaigns.Aggregate(CampaignOutcome.None, (sum, c) => sum.Plus(Results[c.Id]));

    public long CampaignBudgets => Campaigns.Sum(c => c.Budget);
}

public sealed record CampaignEditModel(MarketingPlan Plan, CampaignInput Input, IReadOnlyList<TargetListChoice> Lists, IReadOnlyList<UserSummary> Staff,
    IReadOnlyList<Crm.Modules.Tags.Contracts.TagChip> Tags, CampaignContentChoices Contents, string? ChosenHtml);

/// <summary>What a campaign's message can be taken from: marketing templates of each channel and newsletter issues.</summary>
public sealed record CampaignContentChoices(IReadOnlyList<TemplateChoice> SmsTemplates, IReadOnlyList<TemplateChoice> EmailTemplates,
    IReadOnlyList<Crm.Modules.Forms.Contracts.NewsletterIssueChoice> Issues);

public sealed record TargetListChoice(Guid Id, string Name, int Members);

public sealed record AudienceModel(MarketingPlan Plan, Campaign Campaign, AudienceCount Count);

/// <summary>Marketing plans: the list, a plan's page with its campaigns and approval, and the forms that write them.</summary>
[Area(CampaignsModule.ModuleName)]
[HasPermission(CampaignsPermissions.View)]
[AutoValidateAntiforgeryToken]
public sealed class PlansController(DbContext db, ICurrentUser user, IMediator mediator, IDisplayFormatter format, Amounts<CampaignsResources> amounts,
    CampaignResults results, IStringLocalizer<CampaignsResources> l) : Controller
{
    private const int ListSize = 200;

    [HttpGet]
    public async Task<IActionResult> Index(PlanStatus? status, CancellationToken cancellationToken)
    {
        var plans = db.Set<MarketingPlan>().VisibleTo(user).AsNoTracking();
        if (status is { } s && Enum.IsDefined(s))
        {
            plans = plans.Where(p => p.Status == s);
        }

        var rows = await plans.OrderByDescending(p => p.StartDate).ThenByDescending(p => p.Id).Take(ListSize)
            .Select(p => new PlanRow(p, db.Set<Campaign>().Count(c => c.PlanId == p.Id), db.Set<Campaign>().Where(c => c.PlanId == p.Id).Sum(c => c.Budget)))
            .ToListAsync(cancellationToken);
        var waiting = user.HasPermission(CampaignsPermissions.Approve)
            ? await db.Set<MarketingPlan>().VisibleTo(user).CountAsync(p => p.Status == PlanStatus.Submitted && p.SubmittedBy != user.UserId, cancellationToken)
            : 0;
        return View(new PlanListModel(status, rows, waiting));
    }

    [HttpGet]
    public async Task<IActionResult> Details(Guid id, CancellationToken cancellationToken)
    {
        var plan = await db.Set<MarketingPlan>().IgnoreQueryFilters().VisibleTo(user).AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (plan is null)
        {
            return NotFound();
        }

        var campaigns = await db.Set<Campaign>().AsNoTracking().Where(c => c.PlanId == id).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var history = await db.Set<PlanHistoryEntry>().AsNoTracking().Where(h => h.PlanId == id).OrderBy(h => h.At).ThenBy(h => h.Id).ToListAsync(cancellationToken);
        var names = await mediator.Send(new GetUserNames([.. history.Select(h => h.UserId).Append(plan.OwnerId).OfType<Guid>().Distinct()]), cancellationToken);
        var canEdit = !plan.IsDeleted && plan.IsEditable && user.HasPermission(CampaignsPermissions.Edit);
        var canDecide = !plan.IsDeleted && plan.Status == PlanStatus.Submitted && plan.SubmittedBy != user.UserId && user.HasPermission(CampaignsPermissions.Approve);
        var ids = campaigns.Select(c => c.Id).ToList();
        var outcomes = await results.OutcomesAsync(ids, cancellationToken);
        var costs = await db.Set<CampaignCost>().AsNoTracking().Where(c => ids.Contains(c.CampaignId)).OrderBy(c => c.Date).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        // A campaign's links to the forms that make leads, once approved: before, its code brings nothing.
        var leadForms = plan.Status is PlanStatus.Approved or PlanStatus.Running && campaigns.Count > 0
            ? await mediator.Send(new Crm.Modules.Forms.Contracts.ListLeadForms(), cancellationToken) : [];
        return View(new PlanDetailsModel(plan, campaigns, [.. history.Select(h => new PlanHistoryRow(h, h.UserId is { } u ? names.GetValueOrDefault(u) : null))],
            plan.OwnerId is { } owner ? names.GetValueOrDefault(owner) : null, canEdit, canDecide, outcomes, costs, leadForms));
    }

    [HttpGet]
    [HasPermission(CampaignsPermissions.Edit)]
    public IActionResult Create()
    {
        var today = format.Today();
        return View("Edit", new PlanInput { StartDate = format.DateInput(today), EndDate = format.DateInput(today.AddMonths(1)) });
    }

    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    public Task<IActionResult> Create([Bind(Prefix = "")] PlanInput input, CancellationToken cancellationToken)
    {
        input.Id = null;
        return this.SaveFormAsync(mediator, new SavePlan(input), () => Task.FromResult<IActionResult>(View("Edit", input)), l, cancellationToken, prefix: "");
    }

    [HttpGet]
    [HasPermission(CampaignsPermissions.Edit)]
    public async Task<IActionResult> Edit(Guid id, CancellationToken cancellationToken)
    {
        var plan = await db.Set<MarketingPlan>().VisibleTo(user).AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (plan is null)
        {
            return NotFound();
        }

        return View(new PlanInput
        {
            Id = plan.Id, Version = plan.Version, Name = plan.Name, Goal = plan.Goal, Description = plan.Description, StartDate = format.DateInput(plan.StartDate),
            EndDate = format.DateInput(plan.EndDate), Budget = amounts.Input(plan.Budget),
        });
    }

    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    public Task<IActionResult> Edit(Guid id, [Bind(Prefix = "")] PlanInput input, CancellationToken cancellationToken)
    {
        input.Id = id;
        return this.SaveFormAsync(mediator, new SavePlan(input), () => Task.FromResult<IActionResult>(View("Edit", input)), l, cancellationToken, prefix: "");
    }

    [HttpGet]
    [HasPermission(CampaignsPermissions.Edit)]
    public async Task<IActionResult> Campaign(Guid plan, Guid? id, CancellationToken cancellationToken)
    {
        var found = await db.Set<MarketingPlan>().VisibleTo(user).AsNoTracking().FirstOrDefaultAsync(p => p.Id == plan, cancellationToken);
        var campaign = id is { } cid ? await db.Set<Campaign>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == cid && c.PlanId == plan, cancellationToken) : null;
        if (found is null || (id is not null && campaign is null))
        {
            return NotFound();
        }

        var input = campaign is null
            ? new CampaignInput { PlanId = plan, Type = nameof(CampaignType.Sms) }
            : new CampaignInput
            {
                Id = campaign.Id, PlanId = plan, Version = campaign.Version, Name = campaign.Name, Type = campaign.Type.ToString(), Budget = amounts.Input(campaign.Budget),
                Description = campaign.Description, AudienceSource = campaign.AudienceSource?.ToString(), AudienceMinRating = campaign.AudienceMinRating,
                AudienceSegment = campaign.AudienceSegment, AudienceCity = campaign.AudienceCity, Message = campaign.Message, Subject = campaign.Subject,
                ExcludeOpenTickets = campaign.ExcludeOpenTickets, ExcludeBoughtWithinDays = campaign.ExcludeBoughtWithinDays,
                ListId = campaign.ListId, ExcludeListId = campaign.ExcludeListId, Callers = [.. campaign.Callers], AudienceTagId = campaign.AudienceTagId,
                MessageB = campaign.MessageB, SubjectB = campaign.SubjectB, TestPercent = campaign.TestPercent, WinnerAfterHours = campaign.WinnerAfterHours,
                ContentSource = campaign.ContentSource, SegmentB = campaign.SegmentB,
            };
        return View(await EditModelAsync(found, input, campaign?.Html, cancellationToken));
    }

    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    public async Task<IActionResult> Campaign([Bind(Prefix = "")] CampaignInput input, CancellationToken cancellationToken)
    {
        var plan = await db.Set<MarketingPlan>().VisibleTo(user).AsNoTracking().FirstOrDefaultAsync(p => p.Id == input.PlanId, cancellationToken);
        if (plan is null)
        {
            return NotFound();
        }

        return await this.SaveFormAsync(mediator, new SaveCampaign(input), async () => (IActionResult)View(await EditModelAsync(plan, input, null, cancellationToken)),
            l, cancellationToken, prefix: "");
    }

    private async Task<CampaignEditModel> EditModelAsync(MarketingPlan plan, CampaignInput input, string? chosenHtml, CancellationToken cancellationToken) => new(
        plan, input, await ListChoicesAsync(input, cancellationToken), await mediator.Send(new ListUsers(), cancellationToken),
        await mediator.Send(new Crm.Modules.Tags.Contracts.ListVisibleTags(), cancellationToken),
        new CampaignContentChoices(await mediator.Send(new ListMarketingTemplates(MessageChannel.Sms), cancellationToken),
            await mediator.Send(new ListMarketingTemplates(MessageChannel.Email), cancellationToken),
            await mediator.Send(new Crm.Modules.Forms.Contracts.ListNewsletterIssues(), cancellationToken)),
        chosenHtml);

    /// <summary>The lists a campaign may use, newest first, and those it uses now even if since deleted.</summary>
    private async Task<IReadOnlyList<TargetListChoice>> ListChoicesAsync(CampaignInput input, CancellationToken cancellationToken)
    {
        var current = new[] { input.ListId, input.ExcludeListId }.OfType<Guid>().ToList();
        return await db.Set<TargetList>().IgnoreQueryFilters().Where(t => !t.IsDeleted || current.Contains(t.Id))
            .OrderByDescending(t => t.Id).Take(ListSize).Select(t => new TargetListChoice(t.Id, t.Name, t.Members)).ToListAsync(cancellationToken);
    }

    /// <summary>Who a campaign reaches if it were sent now: its audience counted as a send will read it.</summary>
    [HttpGet]
    public async Task<IActionResult> Audience(Guid id, [FromServices] CampaignAudience audience, CancellationToken cancellationToken)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        var plan = campaign is null ? null : await db.Set<MarketingPlan>().VisibleTo(user).AsNoTracking().FirstOrDefaultAsync(p => p.Id == campaign.PlanId, cancellationToken);
        if (plan is null)
        {
            return NotFound();
        }

        return View(new AudienceModel(plan, campaign!, await audience.CountAsync(campaign!, cancellationToken)));
    }

    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    public Task<IActionResult> RemoveCampaign(Guid id, CancellationToken cancellationToken) =>
        OnPlanAsync(new RemoveCampaign(id), () => PlanOfCampaignAsync(id, cancellationToken), "CampaignRemoved", "RestoreCampaign", id, cancellationToken);

    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    public async Task<IActionResult> RestoreCampaign(Guid id, CancellationToken cancellationToken)
    {
        var campaign = await db.Set<Campaign>().IgnoreQueryFilters().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        var plan = campaign is null ? null : await db.Set<MarketingPlan>().VisibleTo(user).AsNoTracking().FirstOrDefaultAsync(p => p.Id == campaign.PlanId, cancellationToken);
        if (plan is null || !plan.IsEditable)
        {
            return NotFound();
        }

        return await this.RestoreAsync(db, campaign, false, id, l["Restored"], cancellationToken, backTo: PlanLinks.Details(plan.Id));
    }

    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    public async Task<IActionResult> AddCost(Guid campaignId, string? costDate, string? costDescription, string? costAmount, CancellationToken cancellationToken)
    {
        var (date, description, amount) = (Bounded(costDate, 20), Bounded(costDescription, CampaignCost.DescriptionMaxLength), Bounded(costAmount, 40));
        var result = await OnPlanAsync(new AddCampaignCost(campaignId, date, description, amount),
            () => PlanOfCampaignAsync(campaignId, cancellationToken), "Done_CostAdded", null, campaignId, cancellationToken);
        if (TempData.ContainsKey("Error"))
        {
            // Refused: the form on the plan's page shows again what was typed (bounded), with the reason above it.
            TempData["CostTyped"] = TypedAgain.Pack(campaignId.ToString(), date, description, amount);
        }

        return result;
    }

    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    public Task<IActionResult> RemoveCost(Guid id, CancellationToken cancellationToken) =>
        OnPlanAsync(new RemoveCampaignCost(id), () => Task.FromResult(Guid.Empty), "Done_CostRemoved", "RestoreCost", id, cancellationToken);

    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    public async Task<IActionResult> RestoreCost(Guid id, CancellationToken cancellationToken)
    {
        var cost = await db.Set<CampaignCost>().IgnoreQueryFilters().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        var planId = cost is null ? null : await db.Set<Campaign>().Where(c => c.Id == cost.CampaignId).Select(c => (Guid?)c.PlanId).FirstOrDefaultAsync(cancellationToken);
        if (planId is null || !await db.Set<MarketingPlan>().VisibleTo(user).AnyAsync(p => p.Id == planId, cancellationToken))
        {
            return NotFound();
        }

        return await this.RestoreAsync(db, cost!, false, id, l["Restored"], cancellationToken, backTo: PlanLinks.Details(planId.Value));
    }

    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    public Task<IActionResult> Submit(Guid id, Guid version, CancellationToken cancellationToken) =>
        this.ActAsync(mediator, id, new SubmitPlan(id, version), "Done_Submitted", l, cancellationToken);

    [HttpPost]
    [HasPermission(CampaignsPermissions.Approve)]
    public Task<IActionResult> Decide(Guid id, Guid version, bool approve, string? comment, CancellationToken cancellationToken) =>
        this.ActAsync(mediator, id, new DecidePlan(id, version, approve, comment), approve ? "Done_Approved" : "Done_SentBack", l, cancellationToken);

    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    public Task<IActionResult> Complete(Guid id, Guid version, CancellationToken cancellationToken) =>
        this.ActAsync(mediator, id, new CompletePlan(id, version), "Done_Completed", l, cancellationToken);

    /// <summary>Starts sending a campaign of an approved plan (<c>campaigns.send</c>: managers and marketers, never sales reps).</summary>
    [HttpPost]
    [HasPermission(CampaignsPermissions.Send)]
    public async Task<IActionResult> StartSend(Guid id, Guid version, string? date, string? time, CancellationToken cancellationToken)
    {
        var (day, hour) = (Bounded(date, 20), Bounded(time, 10));
        var result = await CampaignActAsync(id, new StartCampaignSend(id, version) { Date = day, Time = hour },
            string.IsNullOrWhiteSpace(date) && string.IsNullOrWhiteSpace(time) ? "Done_SendStarted" : "Done_SendScheduled", cancellationToken);
        if (TempData.ContainsKey("Error"))
        {
            // Refused: the campaign's schedule shows again the day and time typed (bounded), with the reason above.
            TempData["SendTyped"] = TypedAgain.Pack(id.ToString(), day, hour);
        }

        return result;
    }

    private static string? Bounded(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    [EnableRateLimiting(RateLimitPolicies.CustomerMail)]
    public Task<IActionResult> SendTest(Guid id, string? to, CancellationToken cancellationToken) =>
        CampaignActAsync(id, new SendCampaignTest(id, Bounded(to, 300)), "Done_TestSent", cancellationToken);

    [HttpPost]
    [HasPermission(CampaignsPermissions.Send)]
    public Task<IActionResult> ChangeSend(Guid id, Guid version, SendState to, CancellationToken cancellationToken) =>
        CampaignActAsync(id, new ChangeCampaignSend(id, version, to), "Done_Send" + to, cancellationToken);

    /// <summary>
    /// A change to a plan's campaign or cost: back to the plan's page saying what was done, with an undo when
    /// <paramref name="restoreAction"/> is given, or why not.
    /// </summary>
    private async Task<IActionResult> OnPlanAsync(ICommand<CommandResult> command, Func<Task<Guid>> planOfRefusal, string done, string? restoreAction, Guid id,
        CancellationToken cancellationToken)
    {
        try
        {
            var result = await mediator.Send(command, cancellationToken);
            if (!result.Saved)
            {
                TempData["Error"] = string.Join(" ", result.Errors.Values);
                return Redirect(PlanLinks.Details(await planOfRefusal()));
            }

            TempData["Message"] = l[done].Value;
            if (restoreAction is not null)
            {
                TempData["RestoreUrl"] = Url.Action(restoreAction, new { id });
            }

            return Redirect(PlanLinks.Details(result.Id));
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }
    }

    private Task<Guid> PlanOfCampaignAsync(Guid campaignId, CancellationToken cancellationToken) =>
        db.Set<Campaign>().Where(c => c.Id == campaignId).Select(c => c.PlanId).FirstAsync(cancellationToken);

    /// <summary>A button about a campaign: back to its plan's page saying what was done or why not.</summary>
    private async Task<IActionResult> CampaignActAsync(Guid campaignId, ICommand<CommandResult> command, string done, CancellationToken cancellationToken)
    {
        var planId = await db.Set<Campaign>().Where(c => c.Id == campaignId).Select(c => (Guid?)c.PlanId).FirstOrDefaultAsync(cancellationToken);
        if (planId is null || !await db.Set<MarketingPlan>().VisibleTo(user).AnyAsync(p => p.Id == planId, cancellationToken))
        {
            return NotFound();
        }

        return await this.ActAsync(mediator, planId.Value, command, done, l, cancellationToken);
    }

    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    public async Task<IActionResult> Copy(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            var copy = await mediator.Send(new CopyPlan(id), cancellationToken);
            TempData["Message"] = l["Done_Copied"].Value;
            return Redirect(PlanLinks.Details(copy.Id));
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }
    }

    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken) =>
        await this.SoftDeleteAsync(db, await db.Set<MarketingPlan>().VisibleTo(user).FirstOrDefaultAsync(p => p.Id == id, cancellationToken), id, l["Deleted"], cancellationToken);

    [HttpPost]
    [HasPermission(CampaignsPermissions.Edit)]
    public async Task<IActionResult> Restore(Guid id, CancellationToken cancellationToken) =>
        await this.RestoreAsync(db, await db.Set<MarketingPlan>().IgnoreQueryFilters().VisibleTo(user).FirstOrDefaultAsync(p => p.Id == id, cancellationToken), false, id, l["Restored"], cancellationToken);
}
