using Crm.Modules.Campaigns.Contracts;
using Crm.Modules.Activities.Contracts;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.Modules.Sales.Domain;
using Crm.Modules.Tags.Contracts;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Sales.Features;

/// <summary>Finding, filtering, creating and editing opportunities; moves between stages are <see cref="MoveOpportunity"/>.</summary>
public sealed class OpportunityService(
    DbContext db,
    ICurrentUser user,
    IMediator mediator,
    IClock clock,
    Pipeline pipeline,
    RecordDirectory records,
    ITaggedRecords tagged,
    Amounts amounts,
    IDisplayFormatter format,
    IStringLocalizer<SalesResources> l)
{
    public IQueryable<Opportunity> Opportunities(bool deleted) =>
        (deleted ? db.Set<Opportunity>().IgnoreQueryFilters().Where(o => o.IsDeleted) : db.Set<Opportunity>()).VisibleTo(user);

    public Task<Opportunity?> FindAsync(Guid id, bool includeDeleted, CancellationToken cancellationToken) =>
        (includeDeleted ? db.Set<Opportunity>().IgnoreQueryFilters() : db.Set<Opportunity>()).VisibleTo(user)
            .Include(o => o.Lines.OrderBy(x => x.Position)).Include(o => o.Competitors).Include(o => o.Ticks)
            .AsSplitQuery().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);

    /// <summary>The board's and the list's filters, applied to a query.</summary>
    public IQueryable<Opportunity> Filter(IQueryable<Opportunity> query, OpportunityFilter filter)
    {
        if (filter.Process is { } process)
        {
            query = query.Where(o => o.ProcessId == process);
        }

        if (filter.Stage is { } stage)
        {
            query = query.Where(o => o.StageId == stage);
        }

        if (filter.Status is { } status)
        {
            query = query.Where(o => o.Status == status);
        }

        if (filter.Owner is { } owner)
        {
            query = query.Where(o => o.OwnerId == owner);
        }

        if (filter.Team is { } team)
        {
            query = query.Where(o => o.TeamId == team);
        }

        if (filter.Tag is { } tag)
        {
            var carrying = tagged.Carrying(tag, RecordTypes.Opportunity);
            query = query.Where(o => carrying.Any(id => id == o.Id));
        }

        if (format.TryParseDateInput(filter.CloseFrom, out var from))
        {
            query = query.Where(o => o.ExpectedClose >= from);
        }

        if (format.TryParseDateInput(filter.CloseTo, out var to))
        {
            query = query.Where(o => o.ExpectedClose <= to);
        }

        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var text = PersianText.Clean(filter.Q);
            query = query.Where(o => o.Name.Contains(text) || o.CustomerName.Contains(text));
        }

        return query;
    }

    public async Task<FilterChoices> ChoicesAsync(CancellationToken cancellationToken) => new(
        await mediator.Send(new ListAssignableOwners(), cancellationToken),
        RecordVisibility.SeesAll(user) ? await mediator.Send(new ListTeams(), cancellationToken) : [],
        await mediator.Send(new ListVisibleTags(), cancellationToken),
        await pipeline.ProcessesAsync(cancellationToken));

    public async Task<SaveResult> SaveAsync(OpportunityEditModel model, CancellationToken cancellationToken)
    {
        // A deal the user cannot see is a 404 before anything about the form is said.
        var existing = model.Id is { } id ? await FindAsync(id, false, cancellationToken) ?? throw new KeyNotFoundException() : null;
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(model.Name))
        {
            errors[nameof(model.Name)] = l["Error_NameRequired"];
        }
        else if (model.Name.Trim().Length > 200)
        {
            errors[nameof(model.Name)] = l["Error_TooLong", format.Number(200)];
        }

        RecordLink? customer = null;
        if (!RecordRef.TryParse(model.Customer, out var customerRef) || customerRef.Type is not (RecordTypes.Organization or RecordTypes.Contact)
            || (customer = await records.FindVisibleAsync(customerRef, cancellationToken)) is null)
        {
            errors[nameof(model.Customer)] = l["Error_Customer"];
        }

        if (!amounts.TryParse(model.Amount, out var amount))
        {
            errors[nameof(model.Amount)] = l["Error_Amount"];
        }

        DateOnly? expectedClose = null;
        if (!string.IsNullOrWhiteSpace(model.ExpectedClose))
        {
            if (format.TryParseDateInput(model.ExpectedClose, out var close))
            {
                expectedClose = close;
            }
            else
            {
                errors[nameof(model.ExpectedClose)] = l["Error_Date"];
            }
        }

        DateOnly? nextStepDate = null;
        if (!string.IsNullOrWhiteSpace(model.NextStepDate))
        {
            if (format.TryParseDateInput(model.NextStepDate, out var next))
            {
                nextStepDate = next;
            }
            else
            {
                errors[nameof(model.NextStepDate)] = l["Error_Date"];
            }
        }

        if (model.Probability is < 0 or > 100)
        {
            errors[nameof(model.Probability)] = l["Error_Probability"];
        }

        foreach (var (field, text, max) in new[] { (nameof(model.NextStep), model.NextStep, 200), (nameof(model.Campaign), model.Campaign, 100), (nameof(model.Notes), model.Notes, 4000) })
        {
            if (text?.Trim().Length > max)
            {
                errors[field] = l["Error_TooLong", format.Number(max)];
            }
        }

        PriceBook? priceBook = null;
        if (model.PriceBookId is { } bookId && (priceBook = await db.Set<PriceBook>().AsNoTracking().Include(b => b.Entries).FirstOrDefaultAsync(b => b.Id == bookId, cancellationToken)) is null)
        {
            errors[nameof(model.PriceBookId)] = l["Error_PriceBook"];
        }

        var lines = await ReadLinesAsync(model.Lines, priceBook, errors, cancellationToken);
        if (lines.Sum(x => x.Quantity * x.UnitPrice) > MoneyText.MaxRials)
        {
            errors.TryAdd("", l["Error_AmountTooLarge"]);
        }
        var competitors = ReadCompetitors(model.Competitors, errors);
        // Only a campaign of an approved plan can be chosen; the one already linked stays whatever became of it since.
        CampaignChoice? campaign = null;
        if (model.CampaignId is { } campaignId)
        {
            campaign = await mediator.Send(new FindCampaign(campaignId), cancellationToken)
                ?? (existing?.CampaignId == campaignId ? new CampaignChoice(campaignId, existing.Campaign ?? "", "") : null);
            if (campaign is null)
            {
                errors[nameof(model.CampaignId)] = l["Error_Campaign"];
            }
        }

        var owner = await mediator.Send(new ResolveOwner(Guid.TryParse(model.AssignTo, out var ownerId) ? ownerId : null), cancellationToken);
        if (!owner.Allowed)
        {
            errors[nameof(model.AssignTo)] = l["Error_Owner"];
        }

        var process = await pipeline.ProcessAsync(model.ProcessId, cancellationToken);
        Stage? firstStage = null;
        if (model.Id is null)
        {
            firstStage = process?.OpenStages.FirstOrDefault(s => s.Id == model.StageId) ?? process?.OpenStages.FirstOrDefault();
            if (firstStage is null)
            {
                errors[nameof(model.StageId)] = l["Error_Stage"];
            }
        }

        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        if (existing is not null && existing.Version != model.Version)
        {
            return SaveResult.Invalid(new() { [""] = l["Error_Concurrency"] });
        }

        var opportunity = existing ?? New(process!, firstStage!, model.LeadId);

        opportunity.Name = PersianText.Clean(model.Name);
        var isOrganization = customerRef.Type == RecordTypes.Organization;
        opportunity.OrganizationId = isOrganization ? customerRef.Id : null;
        opportunity.ContactId = isOrganization ? null : customerRef.Id;
        opportunity.CustomerName = TextLimits.Shorten(customer!.Title, 200);
        opportunity.Amount = lines.Count > 0 && string.IsNullOrWhiteSpace(model.Amount) ? lines.Sum(x => (long)Math.Round(x.Quantity * x.UnitPrice, MidpointRounding.AwayFromZero)) : amount;
        opportunity.ExpectedClose = expectedClose;
        opportunity.Probability = model.Probability ?? opportunity.Probability;
        opportunity.OwnerId = owner.OwnerId;
        opportunity.TeamId = owner.TeamId;
        opportunity.Source = model.Source;
        // A name typed before campaigns were linked stays until a campaign is chosen.
        if (model.CampaignId is not null || opportunity.CampaignId is not null)
        {
            opportunity.Campaign = campaign is null ? null : TextLimits.Shorten(campaign.Name, 100);
        }

        opportunity.CampaignId = campaign?.Id;
        opportunity.PriceBookId = model.PriceBookId;
        opportunity.NextStep = Clean(model.NextStep);
        opportunity.NextStepDate = nextStepDate;
        opportunity.Notes = model.Notes?.Trim();
        Replace(opportunity.Lines, lines);
        Replace(opportunity.Competitors, competitors);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult.Invalid(new() { [""] = l["Error_Concurrency"] });
        }

        return new SaveResult(opportunity.Id, errors, []);
    }

    /// <summary>A new deal in its first stage, with that stay recorded: the start of its stage history.</summary>
    public Opportunity New(SalesProcess process, Stage stage, Guid? leadId)
    {
        var now = clock.UtcNow;
        var opportunity = new Opportunity
        {
            ProcessId = process.Id,
            StageId = stage.Id,
            StageEnteredAt = now,
            Probability = stage.Probability,
            Status = OpportunityStatus.Open,
            LeadId = leadId,
        };
        db.Add(opportunity);
        db.Add(new StageVisit { OpportunityId = opportunity.Id, StageId = stage.Id, Entry = StageEntry.Created, EnteredAt = now, EnteredBy = user.UserId });
        return opportunity;
    }

    /// <summary>The products of interest; a line without a price takes the price book's price (or the base price).</summary>
    private async Task<List<OpportunityLine>> ReadLinesAsync(List<LineInput> inputs, PriceBook? priceBook, Dictionary<string, string> errors, CancellationToken cancellationToken)
    {
        var wanted = inputs.Select((x, i) => (Input: x, Index: i)).Where(x => x.Input.ProductId is not null).ToList();
        var ids = wanted.Select(x => x.Input.ProductId!.Value).Distinct().ToList();
        var products = await db.Set<Product>().AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var lines = new List<OpportunityLine>();
        foreach (var (input, index) in wanted)
        {
            if (!products.TryGetValue(input.ProductId!.Value, out var product))
            {
                errors[$"Lines[{index}].ProductId"] = l["Error_Product"];
                continue;
            }

            if (!Amounts.TryParseNumber(string.IsNullOrWhiteSpace(input.Quantity) ? "1" : input.Quantity, out var quantity) || quantity <= 0 || quantity > MoneyText.MaxQuantity)
            {
                errors[$"Lines[{index}].Quantity"] = l["Error_Quantity"];
                continue;
            }

            if (!amounts.TryParse(input.UnitPrice, out var price))
            {
                errors[$"Lines[{index}].UnitPrice"] = l["Error_Amount"];
                continue;
            }

            lines.Add(new OpportunityLine
            {
                ProductId = product.Id,
                Position = lines.Count,
                Quantity = Math.Round(quantity, 3),
                UnitPrice = string.IsNullOrWhiteSpace(input.UnitPrice) ? priceBook?.PriceOf(product) ?? product.BasePrice : price,
            });
        }

        return lines;
    }

    private List<Competitor> ReadCompetitors(List<CompetitorInput> inputs, Dictionary<string, string> errors)
    {
        var competitors = new List<Competitor>();
        foreach (var (input, index) in inputs.Select((x, i) => (x, i)).Where(x => !string.IsNullOrWhiteSpace(x.x.Name)))
        {
            if (input.Name!.Trim().Length > 100 || input.Offer?.Trim().Length > 500)
            {
                errors[$"Competitors[{index}].Name"] = l["Error_TooLong", format.Number(100)];
                continue;
            }

            long? price = null;
            if (!string.IsNullOrWhiteSpace(input.Price))
            {
                if (!amounts.TryParse(input.Price, out var parsed))
                {
                    errors[$"Competitors[{index}].Price"] = l["Error_Amount"];
                    continue;
                }

                price = parsed;
            }

            competitors.Add(new Competitor { Name = PersianText.Clean(input.Name), Offer = Clean(input.Offer), Price = price });
        }

        return competitors;
    }

    /// <summary>Replaces a deal's child rows; rows are small and few, so delete-and-insert keeps it simple.</summary>
    private void Replace<T>(List<T> current, List<T> wanted)
        where T : class
    {
        db.RemoveRange(current);
        current.Clear();
        current.AddRange(wanted);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : PersianText.Clean(text);

    /// <summary>The deal's stage history, oldest first, with who moved it.</summary>
    public async Task<(List<StageVisit> Visits, IReadOnlyDictionary<Guid, string> Users)> HistoryAsync(Guid opportunityId, CancellationToken cancellationToken)
    {
        var visits = await db.Set<StageVisit>().AsNoTracking().Where(v => v.OpportunityId == opportunityId).OrderBy(v => v.EnteredAt).ThenBy(v => v.Id)
            .ToListAsync(cancellationToken);
        var ids = visits.SelectMany(v => new[] { v.EnteredBy, v.ExitedBy }).OfType<Guid>().Distinct().ToList();
        return (visits, await mediator.Send(new GetUserNames(ids), cancellationToken));
    }

    /// <summary>Writes a line on the deal's timeline in both languages.</summary>
    public async Task LogAsync(Guid opportunityId, LocalText text, CancellationToken cancellationToken) =>
        await mediator.Send(new LogTimelineEvent(new RecordRef(RecordTypes.Opportunity, opportunityId), ActivityKind.StatusChange, text), cancellationToken);
}
