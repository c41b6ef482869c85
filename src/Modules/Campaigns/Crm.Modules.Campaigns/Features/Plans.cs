using Crm.Modules.Campaigns.Contracts;
using Crm.Modules.Campaigns.Domain;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Notifications.Contracts;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Crm.SharedKernel.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Campaigns.Features;

public sealed class PlanInput
{
    public Guid? Id { get; set; }

    public Guid Version { get; set; }

    public string? Name { get; set; }

    public string? Goal { get; set; }

    public string? Description { get; set; }

    public string? StartDate { get; set; }

    public string? EndDate { get; set; }

    public string? Budget { get; set; }
}

public sealed class CampaignInput
{
    public Guid? Id { get; set; }

    public Guid PlanId { get; set; }

    public Guid Version { get; set; }

    public string? Name { get; set; }

    /// <summary>A <see cref="CampaignType"/> by name; anything else is refused.</summary>
    public string? Type { get; set; }

    public string? Budget { get; set; }

    public string? Description { get; set; }

    /// <summary>A <see cref="CustomerSource"/> by name, or empty for any.</summary>
    public string? AudienceSource { get; set; }

    public int? AudienceMinRating { get; set; }

    public string? AudienceSegment { get; set; }

    public string? AudienceCity { get; set; }

    public Guid? AudienceTagId { get; set; }

    public string? Message { get; set; }

    public string? Subject { get; set; }

    /// <summary>The segment that gets message B (instead of an A/B test); empty for none.</summary>
    public string? SegmentB { get; set; }

    /// <summary>What the message is taken from when saved: empty for the text written, <c>template:{id}</c> or <c>issue:{id}</c>.</summary>
    public string? ContentSource { get; set; }

    public bool ExcludeOpenTickets { get; set; }

    /// <summary>Leave out contacts invoiced within this many days; empty for none.</summary>
    public int? ExcludeBoughtWithinDays { get; set; }

    /// <summary>A static list the audience is drawn from; empty for every contact.</summary>
    public Guid? ListId { get; set; }

    /// <summary>A static list whose members are left out; empty for none.</summary>
    public Guid? ExcludeListId { get; set; }

    /// <summary>A call list's callers: active staff, who get its calls in turn.</summary>
    public List<Guid>? Callers { get; set; }

    /// <summary>Variant B of the message (SMS and email): with it, <see cref="TestPercent"/> of the audience is an A/B test.</summary>
    public string? MessageB { get; set; }

    public string? SubjectB { get; set; }

    public int? TestPercent { get; set; }

    public int? WinnerAfterHours { get; set; }
}

/// <summary>A new plan (a draft owned by its writer), or a draft or sent-back plan corrected.</summary>
public sealed record SavePlan(PlanInput Input) : ICommand<CommandResult>;

/// <summary>A campaign added to, or corrected in, a plan that may still be changed.</summary>
public sealed record SaveCampaign(CampaignInput Input) : ICommand<CommandResult>;

/// <summary>Takes a campaign out of a plan that may still be changed (soft: it can be restored).</summary>
public sealed record RemoveCampaign(Guid CampaignId) : ICommand<CommandResult>;

/// <summary>Sends the plan to the managers who approve plans; it is locked until one decides.</summary>
public sealed record SubmitPlan(Guid PlanId, Guid Version) : ICommand<CommandResult>;

/// <summary>A manager approves a submitted plan, or sends it back to its writer with a comment saying why.</summary>
public sealed record DecidePlan(Guid PlanId, Guid Version, bool Approve, string? Comment) : ICommand<CommandResult>;

/// <summary>Closes an approved or running plan.</summary>
public sealed record CompletePlan(Guid PlanId, Guid Version) : ICommand<CommandResult>;

/// <summary>A new draft with the plan's goal, budget and campaigns, owned by whoever copied it.</summary>
public sealed record CopyPlan(Guid PlanId) : ICommand<CommandResult>;

/// <summary>A bill paid for a campaign (any plan that is not deleted; costs usually come once it runs).</summary>
public sealed record AddCampaignCost(Guid CampaignId, string? Date, string? Description, string? Amount) : ICommand<CommandResult>;

/// <summary>A cost line removed (restorable).</summary>
public sealed record RemoveCampaignCost(Guid CostId) : ICommand<CommandResult>;

/// <summary>
/// Marketing plans through their approval. Every command finds the plan by the user's visibility (another team's plan
/// is not found), checks the version the page was read at, and refuses a step the plan's status does not allow.
/// </summary>
public sealed class PlanHandlers(DbContext db, ICurrentUser user, IClock clock, IMediator mediator, IDisplayFormatter format, Amounts<CampaignsResources> amounts,
    CampaignContents content, IStringLocalizer<CampaignsResources> l) :
    IRequestHandler<SavePlan, CommandResult>,
    IRequestHandler<SaveCampaign, CommandResult>,
    IRequestHandler<RemoveCampaign, CommandResult>,
    IRequestHandler<SubmitPlan, CommandResult>,
    IRequestHandler<DecidePlan, CommandResult>,
    IRequestHandler<CompletePlan, CommandResult>,
    IRequestHandler<CopyPlan, CommandResult>,
    IRequestHandler<AddCampaignCost, CommandResult>,
    IRequestHandler<RemoveCampaignCost, CommandResult>
{
    /// <summary>A plan runs for at most this long.</summary>
    public const int MaxPeriodDays = 3 * 366;

    public async ValueTask<CommandResult> Handle(SavePlan request, CancellationToken cancellationToken)
    {
        var input = request.Input;
        var errors = new Dictionary<string, string>();
        var name = Text(input.Name, MarketingPlan.NameMaxLength, nameof(input.Name), L("Field_Name"), required: true, errors);
        var goal = Text(input.Goal, MarketingPlan.GoalMaxLength, nameof(input.Goal), L("Field_Goal"), required: false, errors);
        var description = Text(input.Description, MarketingPlan.DescriptionMaxLength, nameof(input.Description), L("Field_Description"), required: false, errors);
        var start = Date(input.StartDate, nameof(input.StartDate), errors);
        var end = Date(input.EndDate, nameof(input.EndDate), errors);
        if (start is { } s && end is { } e && (e < s || e.DayNumber - s.DayNumber > MaxPeriodDays))
        {
            errors[nameof(input.EndDate)] = l["Error_Period", format.Number(MaxPeriodDays / 366)];
        }

        var budget = Money(input.Budget, nameof(input.Budget), errors);
        MarketingPlan? plan = null;
        if (input.Id is { } id)
        {
            plan = await Find(id, cancellationToken);
            Editable(plan, input.Version, errors);
        }

        if (errors.Count > 0)
        {
            return new CommandResult(Guid.Empty, errors);
        }

        if (plan is null)
        {
            plan = new MarketingPlan { OwnerId = user.UserId, TeamId = user.TeamId, Status = PlanStatus.Draft };
            db.Add(plan);
        }

        (plan.Name, plan.StartDate, plan.EndDate, plan.Budget) = (name, start!.Value, end!.Value, budget);
        (plan.Goal, plan.Description) = (goal.Length == 0 ? null : goal, description.Length == 0 ? null : description);
        return new CommandResult(plan.Id, errors);
    }

    public async ValueTask<CommandResult> Handle(SaveCampaign request, CancellationToken cancellationToken)
    {
        var input = request.Input;
        var errors = new Dictionary<string, string>();
        var plan = await Find(input.PlanId, cancellationToken);
        if (!plan.IsEditable)
        {
            return CommandResult.Invalid("", l["Error_NotEditable"]);
        }

        var name = Text(input.Name, Campaign.NameMaxLength, nameof(input.Name), L("Field_Name"), required: true, errors);
        var description = Text(input.Description, Campaign.DescriptionMaxLength, nameof(input.Description), L("Field_Description"), required: false, errors);
        if (!Enum.TryParse<CampaignType>(input.Type, out var type) || !Enum.IsDefined(type))
        {
            errors[nameof(input.Type)] = l["Error_Required", L("Field_Type")];
        }

        var budget = Money(input.Budget, nameof(input.Budget), errors);
        CustomerSource? source = null;
        if (!string.IsNullOrEmpty(input.AudienceSource))
        {
            if (Enum.TryParse<CustomerSource>(input.AudienceSource, out var parsed) && Enum.IsDefined(parsed))
            {
                source = parsed;
            }
            else
            {
                errors[nameof(input.AudienceSource)] = l["Error_Required", L("Field_Source")];
            }
        }

        if (input.ExcludeBoughtWithinDays is < 1 or > Campaign.MaxBoughtWithinDays)
        {
            errors[nameof(input.ExcludeBoughtWithinDays)] = l["Error_Days", format.Number(Campaign.MaxBoughtWithinDays)];
        }

        if (input.AudienceMinRating is < 0 or > 5)
        {
            errors[nameof(input.AudienceMinRating)] = l["Error_Rating"];
        }

        var segment = Text(input.AudienceSegment, Campaign.AudienceTextMaxLength, nameof(input.AudienceSegment), L("Field_Segment"), required: false, errors);
        var city = Text(input.AudienceCity, Campaign.AudienceTextMaxLength, nameof(input.AudienceCity), L("Field_City"), required: false, errors);
        var isEmail = type is CampaignType.Email or CampaignType.Newsletter;
        var message = Text(input.Message, isEmail ? Campaign.EmailMaxLength : Campaign.MessageMaxLength, nameof(input.Message), L("Field_Message"), required: false, errors);
        var subject = Text(input.Subject, Campaign.SubjectMaxLength, nameof(input.Subject), L("Field_Subject"), required: false, errors);
        if (isEmail && CampaignEmail.Links(message) is var links && (links.Count > CampaignEmail.MaxLinks || links.Any(k => k.Length > CampaignEmail.MaxLinkLength)))
        {
            errors[nameof(input.Message)] = l["Error_TooManyLinks", format.Number(CampaignEmail.MaxLinks)];
        }

        var taken = errors.Count == 0 ? await content.TakeAsync(input.ContentSource, type, cancellationToken) : CampaignContent.None;
        if (taken.Error is { } contentError)
        {
            errors[nameof(input.ContentSource)] = l[contentError];
        }
        else if (taken.Text is { } text)
        {
            (message, subject) = (text, subject.Length == 0 ? taken.Subject ?? "" : subject);
        }
        else if (taken.Html is not null && subject.Length == 0)
        {
            subject = taken.Subject ?? "";
        }

        if (input.AudienceTagId is { } tagId && !(await mediator.Send(new Crm.Modules.Tags.Contracts.ListVisibleTags(), cancellationToken)).Any(t => t.Id == tagId))
        {
            errors[nameof(input.AudienceTagId)] = l["Error_Required", L("Field_Tag")];
        }

        var lists = new[] { input.ListId, input.ExcludeListId }.OfType<Guid>().Distinct().ToList();
        if (input.ListId is { } chosen && chosen == input.ExcludeListId)
        {
            errors[nameof(input.ExcludeListId)] = l["Error_SameList"];
        }
        else if (await db.Set<TargetList>().IgnoreQueryFilters().CountAsync(t => lists.Contains(t.Id), cancellationToken) != lists.Count)
        {
            errors[nameof(input.ListId)] = l["Error_Required", L("Field_List")];
        }

        var messageB = Text(input.MessageB, isEmail ? Campaign.EmailMaxLength : Campaign.MessageMaxLength, nameof(input.MessageB), L("Field_MessageB"), required: false, errors);
        var subjectB = Text(input.SubjectB, Campaign.SubjectMaxLength, nameof(input.SubjectB), L("Field_SubjectB"), required: false, errors);
        if (isEmail && CampaignEmail.Links(messageB) is var linksB && (linksB.Count > CampaignEmail.MaxLinks || linksB.Any(k => k.Length > CampaignEmail.MaxLinkLength)))
        {
            errors[nameof(input.MessageB)] = l["Error_TooManyLinks", format.Number(CampaignEmail.MaxLinks)];
        }

        var segmentB = Text(input.SegmentB, Campaign.AudienceTextMaxLength, nameof(input.SegmentB), L("Field_SegmentB"), required: false, errors);
        if (segmentB.Length > 0 && (messageB.Length == 0 || input.TestPercent is not null || type is not (CampaignType.Sms or CampaignType.Email or CampaignType.Newsletter)))
        {
            errors[nameof(input.SegmentB)] = l["Error_SegmentB"];
        }

        var abTest = messageB.Length > 0 && segmentB.Length == 0;
        if (abTest && (type is not (CampaignType.Sms or CampaignType.Email or CampaignType.Newsletter) || input.TestPercent is not (>= Campaign.MinTestPercent and <= Campaign.MaxTestPercent)))
        {
            errors[nameof(input.TestPercent)] = l["Error_TestPercent", format.Number(Campaign.MinTestPercent), format.Number(Campaign.MaxTestPercent)];
        }

        if (abTest && input.WinnerAfterHours is < 1 or > Campaign.MaxWinnerAfterHours)
        {
            errors[nameof(input.WinnerAfterHours)] = l["Error_WinnerAfter", format.Number(Campaign.MaxWinnerAfterHours)];
        }

        var callers = (input.Callers ?? []).Distinct().ToList();
        if (type == CampaignType.CallList)
        {
            var staff = callers.Count is 0 or > Campaign.MaxCallers ? [] : (await mediator.Send(new ListUsers(), cancellationToken)).Select(u => u.Id).ToHashSet();
            if (callers.Count == 0 || callers.Count > Campaign.MaxCallers || !callers.All(staff.Contains))
            {
                errors[nameof(input.Callers)] = l["Error_Callers", format.Number(Campaign.MaxCallers)];
            }
        }

        Campaign? campaign = null;
        if (input.Id is { } id)
        {
            campaign = await db.Set<Campaign>().FirstOrDefaultAsync(c => c.Id == id && c.PlanId == plan.Id, cancellationToken) ?? throw new KeyNotFoundException();
            if (campaign.Version != input.Version)
            {
                errors[""] = l["Error_Concurrency"];
            }
        }
        else if (await db.Set<Campaign>().CountAsync(c => c.PlanId == plan.Id, cancellationToken) >= MarketingPlan.MaxCampaigns)
        {
            errors[""] = l["Error_TooManyCampaigns", format.Number(MarketingPlan.MaxCampaigns)];
        }

        if (errors.Count > 0)
        {
            return new CommandResult(Guid.Empty, errors);
        }

        if (campaign is null)
        {
            campaign = new Campaign { PlanId = plan.Id };
            db.Add(campaign);
        }

        (campaign.Name, campaign.Type, campaign.Budget, campaign.Description) = (name, type, budget, description.Length == 0 ? null : description);
        (campaign.AudienceSource, campaign.AudienceMinRating) = (source, input.AudienceMinRating is 0 ? null : input.AudienceMinRating);
        (campaign.AudienceSegment, campaign.AudienceCity) = (segment.Length == 0 ? null : segment, city.Length == 0 ? null : city);
        campaign.Message = message.Length == 0 ? null : message;
        (campaign.Html, campaign.ContentSource) = (taken.Html, taken.Source);
        campaign.Subject = subject.Length == 0 || !isEmail ? null : subject;
        (campaign.ExcludeOpenTickets, campaign.ExcludeBoughtWithinDays) = (input.ExcludeOpenTickets, input.ExcludeBoughtWithinDays);
        (campaign.ListId, campaign.ExcludeListId, campaign.AudienceTagId) = (input.ListId, input.ExcludeListId, input.AudienceTagId);
        campaign.CallerIds = type == CampaignType.CallList ? string.Join(',', callers) : null;
        (campaign.MessageB, campaign.SubjectB) = messageB.Length > 0 ? (messageB, subjectB.Length == 0 || !isEmail ? null : subjectB) : (null, null);
        campaign.SegmentB = messageB.Length > 0 && segmentB.Length > 0 ? segmentB : null;
        (campaign.TestPercent, campaign.WinnerAfterHours) = abTest ? (input.TestPercent, (int?)(input.WinnerAfterHours ?? CampaignSendHandlers.DefaultWinnerAfterHours)) : ((int?)null, (int?)null);
        return new CommandResult(plan.Id, errors);
    }

    public async ValueTask<CommandResult> Handle(RemoveCampaign request, CancellationToken cancellationToken)
    {
        var campaign = await db.Set<Campaign>().FirstOrDefaultAsync(c => c.Id == request.CampaignId, cancellationToken) ?? throw new KeyNotFoundException();
        var plan = await Find(campaign.PlanId, cancellationToken);
        if (!plan.IsEditable)
        {
            return CommandResult.Invalid("", l["Error_NotEditable"]);
        }

        db.Remove(campaign);
        return new CommandResult(plan.Id, new Dictionary<string, string>());
    }

    public async ValueTask<CommandResult> Handle(SubmitPlan request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        var plan = await Find(request.PlanId, cancellationToken);
        Editable(plan, request.Version, errors);
        var campaigns = await db.Set<Campaign>().Where(c => c.PlanId == plan.Id).Select(c => c.Budget).ToListAsync(cancellationToken);
        if (campaigns.Count == 0)
        {
            errors[""] = l["Error_NoCampaigns"];
        }
        else if (campaigns.Sum() > plan.Budget)
        {
            // At most 100 campaigns of at most MoneyText.MaxRials each: the sum stays far inside a long.
            errors[""] = l["Error_OverBudget", amounts.Show(campaigns.Sum()), amounts.Show(plan.Budget)];
        }

        if (errors.Count > 0)
        {
            return new CommandResult(Guid.Empty, errors);
        }

        (plan.Status, plan.SubmittedAt, plan.SubmittedBy) = (PlanStatus.Submitted, clock.UtcNow, user.UserId);
        Record(plan, PlanStep.Submitted, null);
        var approvers = (await mediator.Send(new ListUsersWithPermission(CampaignsPermissions.Approve), cancellationToken))
            .Where(u => u.IsActive && u.Id != user.UserId).Select(u => u.Id).ToList();
        await mediator.Send(new Notify(approvers, l.InBoth("Notice_Submitted", plan.Name), PlanLinks.Details(plan.Id)), cancellationToken);
        return new CommandResult(plan.Id, errors);
    }

    public async ValueTask<CommandResult> Handle(DecidePlan request, CancellationToken cancellationToken)
    {
        var plan = await Find(request.PlanId, cancellationToken);
        var errors = new Dictionary<string, string>();
        var comment = Text(request.Comment, MarketingPlan.CommentMaxLength, "Comment", L("Field_Comment"), required: !request.Approve, errors);
        if (!user.HasPermission(CampaignsPermissions.Approve))
        {
            throw new UnauthorizedAccessException();
        }

        if (plan.Status != PlanStatus.Submitted)
        {
            errors[""] = l["Error_NotSubmitted"];
        }
        else if (plan.Version != request.Version)
        {
            errors[""] = l["Error_Concurrency"];
        }
        else if (plan.SubmittedBy == user.UserId)
        {
            // Four eyes: whoever submitted a plan does not approve it too.
            errors[""] = l["Error_OwnPlan"];
        }

        if (errors.Count > 0)
        {
            return new CommandResult(Guid.Empty, errors);
        }

        plan.Status = request.Approve ? PlanStatus.Approved : PlanStatus.SentBack;
        plan.ReviewComment = comment.Length == 0 ? null : comment;
        Record(plan, request.Approve ? PlanStep.Approved : PlanStep.SentBack, plan.ReviewComment);
        var tell = new[] { plan.OwnerId, plan.SubmittedBy }.OfType<Guid>().Where(id => id != user.UserId).Distinct().ToList();
        await mediator.Send(new Notify(tell, l.InBoth(request.Approve ? "Notice_Approved" : "Notice_SentBack", plan.Name), PlanLinks.Details(plan.Id)), cancellationToken);
        return new CommandResult(plan.Id, errors);
    }

    public async ValueTask<CommandResult> Handle(CompletePlan request, CancellationToken cancellationToken)
    {
        var plan = await Find(request.PlanId, cancellationToken);
        if (plan.Status is not (PlanStatus.Approved or PlanStatus.Running))
        {
            return CommandResult.Invalid("", l["Error_NotApproved"]);
        }

        if (plan.Version != request.Version)
        {
            return CommandResult.Invalid("", l["Error_Concurrency"]);
        }

        plan.Status = PlanStatus.Completed;
        Record(plan, PlanStep.Completed, null);
        return new CommandResult(plan.Id, new Dictionary<string, string>());
    }

    public async ValueTask<CommandResult> Handle(CopyPlan request, CancellationToken cancellationToken)
    {
        var source = await Find(request.PlanId, cancellationToken);
        var copy = new MarketingPlan
        {
            Name = TextLimits.Shorten(l["CopyOf", source.Name], MarketingPlan.NameMaxLength), Goal = source.Goal, Description = source.Description,
            StartDate = source.StartDate, EndDate = source.EndDate, Budget = source.Budget, OwnerId = user.UserId, TeamId = user.TeamId, Status = PlanStatus.Draft,
        };
        db.Add(copy);
        foreach (var campaign in await db.Set<Campaign>().AsNoTracking().Where(c => c.PlanId == source.Id).OrderBy(c => c.Id).ToListAsync(cancellationToken))
        {
            db.Add(new Campaign
            {
                PlanId = copy.Id, Name = campaign.Name, Type = campaign.Type, Budget = campaign.Budget, Description = campaign.Description,
                AudienceSource = campaign.AudienceSource, AudienceMinRating = campaign.AudienceMinRating, AudienceSegment = campaign.AudienceSegment, AudienceCity = campaign.AudienceCity, Message = campaign.Message, Subject = campaign.Subject,
                ExcludeOpenTickets = campaign.ExcludeOpenTickets, ExcludeBoughtWithinDays = campaign.ExcludeBoughtWithinDays,
                ListId = campaign.ListId, ExcludeListId = campaign.ExcludeListId, CallerIds = campaign.CallerIds, AudienceTagId = campaign.AudienceTagId,
                Html = campaign.Html, ContentSource = campaign.ContentSource, SegmentB = campaign.SegmentB,
                MessageB = campaign.MessageB, SubjectB = campaign.SubjectB, TestPercent = campaign.TestPercent, WinnerAfterHours = campaign.WinnerAfterHours,
            });
        }

        return new CommandResult(copy.Id, new Dictionary<string, string>());
    }

    public async ValueTask<CommandResult> Handle(AddCampaignCost request, CancellationToken cancellationToken)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == request.CampaignId, cancellationToken) ?? throw new KeyNotFoundException();
        var plan = await Find(campaign.PlanId, cancellationToken);
        var errors = new Dictionary<string, string>();
        var date = Date(request.Date, "CostDate", errors);
        var description = Text(request.Description, CampaignCost.DescriptionMaxLength, "CostDescription", L("Field_Description"), required: true, errors);
        var amount = Money(request.Amount, "CostAmount", errors);
        if (amount <= 0 && !errors.ContainsKey("CostAmount"))
        {
            errors["CostAmount"] = l["Error_Amount"];
        }

        if (await db.Set<CampaignCost>().CountAsync(c => c.CampaignId == campaign.Id, cancellationToken) >= CampaignCost.MaxLines)
        {
            errors[""] = l["Error_TooManyCosts", format.Number(CampaignCost.MaxLines)];
        }

        if (errors.Count > 0)
        {
            return new CommandResult(Guid.Empty, errors);
        }

        db.Add(new CampaignCost { CampaignId = campaign.Id, Date = date!.Value, Description = description, Amount = amount });
        return new CommandResult(plan.Id, errors);
    }

    public async ValueTask<CommandResult> Handle(RemoveCampaignCost request, CancellationToken cancellationToken)
    {
        var cost = await db.Set<CampaignCost>().FirstOrDefaultAsync(c => c.Id == request.CostId, cancellationToken) ?? throw new KeyNotFoundException();
        var campaign = await db.Set<Campaign>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == cost.CampaignId, cancellationToken) ?? throw new KeyNotFoundException();
        var plan = await Find(campaign.PlanId, cancellationToken);
        db.Remove(cost);
        return new CommandResult(plan.Id, new Dictionary<string, string>());
    }

    private async Task<MarketingPlan> Find(Guid id, CancellationToken cancellationToken) =>
        await db.Set<MarketingPlan>().VisibleTo(user).FirstOrDefaultAsync(p => p.Id == id, cancellationToken) ?? throw new KeyNotFoundException();

    private void Editable(MarketingPlan plan, Guid version, Dictionary<string, string> errors)
    {
        if (!plan.IsEditable)
        {
            errors[""] = l["Error_NotEditable"];
        }
        else if (plan.Version != version)
        {
            errors[""] = l["Error_Concurrency"];
        }
    }

    private void Record(MarketingPlan plan, PlanStep step, string? comment) =>
        db.Add(new PlanHistoryEntry { PlanId = plan.Id, Step = step, UserId = user.UserId, At = clock.UtcNow, Comment = comment });

    private string L(string key) => l[key];

    /// <summary>The text cleaned (a name to one line, a description keeping its lines) and checked; a wrong one is named, never echoed.</summary>
    private string Text(string? text, int max, string field, string label, bool required, Dictionary<string, string> errors)
    {
        var stripped = BidiControls.Strip(text) ?? "";
        var clean = field is "Name" or nameof(CampaignInput.AudienceSegment) or nameof(CampaignInput.AudienceCity) ? PersianText.Clean(stripped) : stripped.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (required && clean.Length == 0)
        {
            errors[field] = l["Error_Required", label];
        }
        else if (clean.Length > max)
        {
            errors[field] = l["Error_TooLong", label, format.Number(max)];
        }

        return clean;
    }

    private DateOnly? Date(string? text, string field, Dictionary<string, string> errors)
    {
        if (format.TryParseDateInput(text, out var date) && date.Year is > 1990 and < 2200)
        {
            return date;
        }

        errors[field] = l["Error_Date"];
        return null;
    }

    private long Money(string? text, string field, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return 0;
        }

        if (amounts.TryParse(text, out var rials))
        {
            return rials;
        }

        errors[field] = l["Error_Amount"];
        return 0;
    }
}

public static class PlanLinks
{
    public static string Details(Guid id) => $"/Campaigns/Plans/Details/{id}";
}
