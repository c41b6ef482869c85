using Crm.Modules.Campaigns.Contracts;
using Crm.Modules.Activities.Contracts;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Leads.Contracts;
using Crm.Modules.Leads.Domain;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Leads.Features;

/// <summary>Capturing, editing, assigning, deduplicating and merging leads.</summary>
public sealed class LeadsService(
    DbContext db,
    ICurrentUser user,
    IMediator mediator,
    RoundRobin roundRobin,
    IDisplayFormatter format,
    IStringLocalizer<LeadsResources> l)
{
    public IQueryable<Lead> Leads(bool deleted) =>
        (deleted ? db.Set<Lead>().IgnoreQueryFilters().Where(x => x.IsDeleted && x.MergedIntoId == null) : db.Set<Lead>()).VisibleTo(user);

    public Task<Lead?> FindAsync(Guid id, bool includeDeleted, CancellationToken cancellationToken) =>
        (includeDeleted ? db.Set<Lead>().IgnoreQueryFilters() : db.Set<Lead>()).VisibleTo(user).FirstOrDefaultAsync(x => x.Id == id, cancellationToken);

    public async Task<SaveResult> SaveAsync(LeadEditModel model, CancellationToken cancellationToken)
    {
        if (model.Quick && !string.IsNullOrWhiteSpace(model.Name))
        {
            (model.FirstName, model.LastName) = PersianText.SplitFullName(model.Name);
        }

        var errors = Validate(model, out var followUp);
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        var probe = new Lead();
        probe.SetName(model.FirstName, model.LastName);
        probe.SetMobile(model.Mobile);
        probe.SetEmail(model.Email);
        if (!model.IgnoreDuplicates)
        {
            var duplicates = await FindDuplicatesAsync(probe.NameKey, probe.MobileKey, probe.EmailKey, model.Id, cancellationToken);
            if (duplicates.Count > 0)
            {
                return new SaveResult(null, errors, duplicates);
            }
        }

        // Resolved after the duplicate check so that a save the user abandons does not use up a round-robin turn. A new
        // lead with no owner chosen (the quick form) goes round the team when the team hands its leads out in turn.
        var assignTo = model.AssignTo;
        if (model.Id is null && string.IsNullOrWhiteSpace(assignTo) && user.TeamId is { } team && await roundRobin.IsActiveAsync(team, cancellationToken))
        {
            assignTo = LeadAssignment.Automatic;
        }

        // Only a campaign of an approved plan can be chosen; one chosen earlier stays whatever became of its plan.
        if (model.CampaignId is { } campaign && !model.Quick && await mediator.Send(new FindCampaign(campaign), cancellationToken) is null
            && (model.Id is null || !await db.Set<Lead>().AnyAsync(x => x.Id == model.Id && x.CampaignId == campaign, cancellationToken)))
        {
            return SaveResult.Invalid(new() { [nameof(model.CampaignId)] = l["Error_Campaign"] });
        }

        var owner = await ResolveAssigneeAsync(assignTo, cancellationToken);
        if (owner is null)
        {
            return SaveResult.Invalid(new() { [nameof(model.AssignTo)] = l["Error_Owner"] });
        }

        Lead lead;
        LeadStatus? statusBefore = null;
        Guid? ownerBefore = null;
        if (model.Id is { } id)
        {
            lead = await FindAsync(id, false, cancellationToken) ?? throw new KeyNotFoundException();
            if (lead.Version != model.Version)
            {
                return SaveResult.Invalid(new() { [""] = l["Error_Concurrency"] });
            }

            if (lead.Status == LeadStatus.Converted)
            {
                return SaveResult.Invalid(new() { [""] = l["Error_Converted"] });
            }

            statusBefore = lead.Status;
            ownerBefore = lead.OwnerId;
        }
        else
        {
            lead = new Lead();
            db.Add(lead);
        }

        lead.SetName(model.FirstName, model.LastName);
        lead.SetMobile(model.Mobile);
        lead.SetEmail(model.Email);
        if (!model.Quick)
        {
            lead.SetCompany(model.Company);
            lead.JobTitle = Clean(model.JobTitle, 100);
            lead.City = Clean(model.City, 100);
            lead.Status = model.Status;
            lead.UnqualifiedReason = model.Status == LeadStatus.Unqualified ? Clean(model.UnqualifiedReason, 500) : null;
            lead.Rating = model.Rating;
            lead.Priority = model.Priority;
            lead.NextFollowUp = followUp;
            lead.Notes = model.Notes?.Trim();
            lead.CampaignId = model.CampaignId;
        }

        lead.Source = model.Source;
        (lead.OwnerId, lead.TeamId) = owner.Value;

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult.Invalid(new() { [""] = l["Error_Concurrency"] });
        }

        await LeadWords.RefreshAsync(db, [lead], cancellationToken);

        if (model.Id is null)
        {
            await mediator.Send(new LogTimelineEvent(new RecordRef(RecordTypes.Lead, lead.Id), ActivityKind.StatusChange, l.InBoth("Timeline_Created")), cancellationToken);
        }

        if (lead.OwnerId is { } newOwner && newOwner != ownerBefore)
        {
            await NotifyAssignedAsync(newOwner, [lead], cancellationToken);
        }

        if (statusBefore is { } before && before != lead.Status)
        {
            await mediator.Send(new LogTimelineEvent(new RecordRef(RecordTypes.Lead, lead.Id), ActivityKind.StatusChange,
                new LocalText(StatusChange(SupportedCultures.Persian, before, lead.Status), StatusChange(SupportedCultures.English, before, lead.Status))), cancellationToken);
        }

        return new SaveResult(lead.Id, errors, []);
    }

    /// <summary>Tells a user that leads were handed to them (not when they took the leads themselves).</summary>
    public async Task NotifyAssignedAsync(Guid ownerId, IReadOnlyList<Lead> assigned, CancellationToken cancellationToken)
    {
        if (ownerId == user.UserId || assigned.Count == 0)
        {
            return;
        }

        var text = assigned.Count == 1
            ? l.InBoth("Notify_LeadAssigned", assigned[0].FullName)
            : new LocalText(l.InCulture(SupportedCultures.Persian, "Notify_LeadsAssigned", Digits.ToPersian(assigned.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))),
                l.InCulture(SupportedCultures.English, "Notify_LeadsAssigned", assigned.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await mediator.Send(new Crm.Modules.Notifications.Contracts.Notify([ownerId], text,
            assigned.Count == 1 ? $"/Leads/Leads/Details/{assigned[0].Id}" : "/Leads/Leads?owner=me"), cancellationToken);
    }

    private string StatusChange(string culture, LeadStatus from, LeadStatus to) =>
        l.InCulture(culture, "Timeline_StatusChanged", l.InCulture(culture, "Status_" + from), l.InCulture(culture, "Status_" + to));

    private Dictionary<string, string> Validate(LeadEditModel model, out DateOnly? followUp)
    {
        var errors = new Dictionary<string, string>();
        followUp = null;
        if (string.IsNullOrWhiteSpace(model.FirstName) && string.IsNullOrWhiteSpace(model.LastName))
        {
            errors[model.Quick ? nameof(model.Name) : nameof(model.LastName)] = l["Error_NameRequired"];
        }

        void CheckLength(string field, string? value, string property) =>
            db.CheckLength<Lead>(errors, field, value, property, max => l["Error_TooLong", format.Number(max)]);
        CheckLength(nameof(model.Name), model.Name, nameof(Lead.FullName));
        CheckLength(nameof(model.FirstName), model.FirstName, nameof(Lead.FirstName));
        CheckLength(nameof(model.LastName), model.LastName, nameof(Lead.LastName));
        CheckLength(nameof(model.Company), model.Company, nameof(Lead.Company));
        CheckLength(nameof(model.JobTitle), model.JobTitle, nameof(Lead.JobTitle));
        CheckLength(nameof(model.City), model.City, nameof(Lead.City));
        CheckLength(nameof(model.UnqualifiedReason), model.UnqualifiedReason, nameof(Lead.UnqualifiedReason));
        CheckLength(nameof(model.Notes), model.Notes, nameof(Lead.Notes));

        if (string.IsNullOrWhiteSpace(model.Mobile) && string.IsNullOrWhiteSpace(model.Email))
        {
            errors[nameof(model.Mobile)] = l["Error_MobileOrEmail"];
        }
        else if (!string.IsNullOrWhiteSpace(model.Mobile) && !PhoneNumber.IsValid(model.Mobile))
        {
            errors[nameof(model.Mobile)] = l["Error_Phone"];
        }

        if (!string.IsNullOrWhiteSpace(model.Email) && !EmailAddress.IsValid(model.Email))
        {
            errors[nameof(model.Email)] = l["Error_Email"];
        }

        if (model.Quick)
        {
            return errors;
        }

        if (model.Status == LeadStatus.Unqualified && string.IsNullOrWhiteSpace(model.UnqualifiedReason))
        {
            errors[nameof(model.UnqualifiedReason)] = l["Error_ReasonRequired"];
        }

        if (model.Status == LeadStatus.Converted)
        {
            errors[nameof(model.Status)] = l["Error_ConvertByConversion"];
        }

        if (model.Rating is < 0 or > 5)
        {
            errors[nameof(model.Rating)] = l["Error_Rating"];
        }

        if (!string.IsNullOrWhiteSpace(model.NextFollowUp))
        {
            if (format.TryParseDateInput(model.NextFollowUp, out var parsed))
            {
                followUp = parsed;
            }
            else
            {
                errors[nameof(model.NextFollowUp)] = l["Error_Date"];
            }
        }

        return errors;
    }

    /// <summary>
    /// Who gets the lead: the user (nothing chosen), a chosen user the user may assign to, or the next in turn in the
    /// user's team (managers: the first team with an active rule they chose). Null when not allowed.
    /// </summary>
    public async Task<(Guid? OwnerId, Guid? TeamId)?> ResolveAssigneeAsync(string? assignTo, CancellationToken cancellationToken)
    {
        if (assignTo is { } text && text.StartsWith(LeadAssignment.Automatic, StringComparison.Ordinal))
        {
            var teamId = Guid.TryParse(text.AsSpan(LeadAssignment.Automatic.Length).TrimStart(':'), out var chosen) ? chosen : user.TeamId;
            if (teamId is null || (teamId != user.TeamId && !RecordVisibility.SeesAll(user)))
            {
                return null;
            }

            var next = await roundRobin.NextAsync(teamId.Value, 1, cancellationToken);
            return next.Count == 0 ? null : (next[0], teamId);
        }

        var owner = await mediator.Send(new ResolveOwner(Guid.TryParse(assignTo, out var id) ? id : null), cancellationToken);
        return owner.Allowed ? (owner.OwnerId, owner.TeamId) : null;
    }

    /// <summary>Teams with round robin switched on that the user may hand a lead to: their own, or any for managers.</summary>
    public async Task<IReadOnlyList<TeamSummary>> RoundRobinTeamsAsync(CancellationToken cancellationToken)
    {
        var active = await db.Set<LeadAssignmentRule>().Where(r => r.IsActive).Select(r => r.TeamId).ToListAsync(cancellationToken);
        var teams = await mediator.Send(new ListTeams(), cancellationToken);
        return teams.Where(t => active.Contains(t.Id) && (t.Id == user.TeamId || RecordVisibility.SeesAll(user))).ToList();
    }

    /// <summary>Leads and contacts that may be the same person: same mobile or email (strong), or the same normalised name.</summary>
    public async Task<IReadOnlyList<DuplicateMatch>> FindDuplicatesAsync(string? nameKey, string? mobileKey, string? emailKey, Guid? exceptId, CancellationToken cancellationToken)
    {
        var reasons = new Dictionary<Guid, string>();
        void Add(IEnumerable<Guid> ids, string reason)
        {
            foreach (var id in ids)
            {
                reasons.TryAdd(id, reason);
            }
        }

        var leads = db.Set<Lead>().Where(x => x.Id != exceptId);
        if (mobileKey is { Length: >= 5 })
        {
            Add(await leads.Where(x => x.MobileKey == mobileKey).OrderBy(x => x.Id).Select(x => x.Id).Take(20).ToListAsync(cancellationToken), l["Reason_Phone"]);
        }

        if (!string.IsNullOrEmpty(emailKey))
        {
            Add(await leads.Where(x => x.EmailKey == emailKey).OrderBy(x => x.Id).Select(x => x.Id).Take(20).ToListAsync(cancellationToken), l["Reason_Email"]);
        }

        if (!string.IsNullOrEmpty(nameKey))
        {
            Add(await leads.Where(x => x.NameKey == nameKey).OrderBy(x => x.Id).Select(x => x.Id).Take(20).ToListAsync(cancellationToken), l["Reason_Name"]);
        }

        var ids = reasons.Keys.ToList();
        var found = await db.Set<Lead>().AsNoTracking().Where(x => ids.Contains(x.Id))
            .Select(x => new { x.Id, x.FullName, x.Mobile, x.Email, x.OwnerId, x.TeamId }).ToListAsync(cancellationToken);
        var matches = found.Select(x =>
        {
            var visible = user.CanSee(x.OwnerId, x.TeamId);
            return new DuplicateMatch(x.Id, "/Leads/Leads/Details/" + x.Id, visible ? x.FullName : l["HiddenRecord"], visible ? x.Mobile : null, visible ? x.Email : null,
                l["Duplicate_Lead", reasons[x.Id]], visible);
        }).ToList();

        var contacts = await mediator.Send(new FindContactDuplicates(nameKey, mobileKey is null ? [] : [mobileKey], emailKey is null ? [] : [emailKey]), cancellationToken);
        matches.AddRange(contacts.Select(c => c with { Reason = l["Duplicate_Contact", c.Reason] }));
        return matches.OrderByDescending(m => m.Visible).ToList();
    }

    /// <summary>Merges <paramref name="mergedId"/> into <paramref name="survivorId"/>: chosen fields are taken over, notes joined, the other lead kept deleted with a link.</summary>
    public async Task<bool> MergeAsync(Guid survivorId, Guid mergedId, IReadOnlySet<string> takeFromMerged, CancellationToken cancellationToken)
    {
        var survivor = await FindAsync(survivorId, false, cancellationToken);
        var merged = await FindAsync(mergedId, false, cancellationToken);
        if (survivor is null || merged is null || survivor.Id == merged.Id || survivor.Status == LeadStatus.Converted || merged.Status == LeadStatus.Converted)
        {
            return false;
        }

        string? Pick(string field, string? mine, string? theirs) =>
            takeFromMerged.Contains(field) || string.IsNullOrWhiteSpace(mine) ? (string.IsNullOrWhiteSpace(theirs) ? mine : theirs) : mine;

        survivor.SetName(Pick("FirstName", survivor.FirstName, merged.FirstName), Pick("LastName", survivor.LastName, merged.LastName));
        survivor.SetMobile(Pick("Mobile", survivor.Mobile, merged.Mobile));
        survivor.SetEmail(Pick("Email", survivor.Email, merged.Email));
        survivor.SetCompany(Pick("Company", survivor.Company, merged.Company));
        survivor.JobTitle = Pick("JobTitle", survivor.JobTitle, merged.JobTitle);
        survivor.City = Pick("City", survivor.City, merged.City);
        survivor.Rating = Math.Max(survivor.Rating, merged.Rating);
        survivor.Priority = (LeadPriority)Math.Max((int)survivor.Priority, (int)merged.Priority);
        survivor.NextFollowUp = new[] { survivor.NextFollowUp, merged.NextFollowUp }.Where(d => d is not null).Min();
        var otherChannels = new[] { merged.Mobile != survivor.Mobile ? merged.Mobile : null, merged.Email != survivor.Email ? merged.Email : null }
            .Where(s => !string.IsNullOrWhiteSpace(s));
        survivor.Notes = string.Join("\n\n", new[] { survivor.Notes, merged.Notes, string.Join(" · ", otherChannels) }.Where(n => !string.IsNullOrWhiteSpace(n)));
        merged.MergedIntoId = survivor.Id;
        db.Remove(merged);
        await db.SaveChangesAsync(cancellationToken);
        await LeadWords.RefreshAsync(db, [survivor], cancellationToken);
        await mediator.Publish(new RecordsMerged(RecordTypes.Lead, survivor.Id, merged.Id), cancellationToken);
        return true;
    }

    public static string? Clean(string? text, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var clean = PersianText.Clean(text);
        return clean.Length <= maxLength ? clean : clean[..maxLength];
    }
}
