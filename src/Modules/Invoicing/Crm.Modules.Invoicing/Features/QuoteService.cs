using Crm.Modules.Activities.Contracts;
using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Invoicing.Contracts;
using Crm.Modules.Invoicing.Documents;
using Crm.Modules.Invoicing.Domain;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Notifications.Contracts;
using Crm.Modules.Sales.Contracts;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Invoicing.Features;

/// <summary>Quotes from draft to accepted: writing, approval of large discounts, sending, deciding, revising, and turning into an invoice.</summary>
public sealed class QuoteService(
    DbContext db,
    ICurrentUser user,
    IMediator mediator,
    IClock clock,
    SettingsStore settings,
    DocumentForms forms,
    Prices prices,
    IDisplayFormatter format,
    IStringLocalizer<InvoicingResources> l)
{
    public IQueryable<Quote> Quotes(bool deleted = false) =>
        (deleted ? db.Set<Quote>().IgnoreQueryFilters().Where(q => q.IsDeleted) : db.Set<Quote>()).VisibleTo(user);

    public Task<Quote?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        Quotes().Include(q => q.Lines).FirstOrDefaultAsync(q => q.Id == id, cancellationToken);

    public async Task<QuoteEditModel?> NewAsync(Guid? opportunityId, string? customer, CancellationToken cancellationToken)
    {
        var s = await settings.GetAsync(cancellationToken);
        var today = format.Today();
        var model = new QuoteEditModel
        {
            Customer = customer,
            QuoteDate = format.DateInput(today),
            ValidUntil = format.DateInput(today.AddDays(s.QuoteValidDays)),
            Language = format.IsPersian ? "fa" : "en",
            Terms = s.DefaultTerms,
        };
        if (opportunityId is { } id)
        {
            var deal = await mediator.Send(new GetOpportunityForQuote(id), cancellationToken);
            if (deal is null)
            {
                return null;
            }

            (model.OpportunityId, model.OpportunityName, model.Customer, model.CustomerName, model.PriceBookId) =
                (deal.Id, deal.Name, deal.Customer.ToString(), deal.CustomerName, deal.PriceBookId);
            model.Lines = [.. deal.Lines.Select(x => DocumentForms.Input(x.Product, x.Quantity, x.UnitPrice, format.IsPersian, prices))];
        }

        return model;
    }

    public QuoteEditModel EditModel(Quote quote) => forms.Filled(new QuoteEditModel
    {
        OpportunityId = quote.OpportunityId,
        PriceBookId = quote.PriceBookId,
        QuoteDate = format.DateInput(quote.QuoteDate),
        ValidUntil = format.DateInput(quote.ValidUntil),
    }, quote);

    public async Task<SaveResult> SaveAsync(QuoteEditModel model, CancellationToken cancellationToken)
    {
        var quote = model.Id is { } id ? await FindAsync(id, cancellationToken) ?? throw new KeyNotFoundException() : null;
        var errors = new Dictionary<string, string>();
        if (quote is not null && (!quote.IsEditable || quote.Version != model.Version))
        {
            errors[""] = l[quote.IsEditable ? "Error_Concurrency" : "Error_QuoteNotEditable"];
        }

        var customer = await forms.CustomerAsync(model.Customer, errors, cancellationToken);
        var date = forms.Date(model.QuoteDate, nameof(model.QuoteDate), errors);
        var validUntil = forms.Date(model.ValidUntil, nameof(model.ValidUntil), errors);
        if (date is { } d && validUntil is { } v && v < d)
        {
            errors[nameof(model.ValidUntil)] = l["Error_ValidUntil"];
        }

        var lines = forms.Lines<QuoteLine>(model.Lines, errors);
        forms.CheckTexts(model.Terms, model.Notes, errors);

        OpportunityForQuote? deal = null;
        if (quote is null && model.OpportunityId is { } dealId && (deal = await mediator.Send(new GetOpportunityForQuote(dealId), cancellationToken)) is null)
        {
            errors[""] = l["Error_Opportunity"];
        }

        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (quote is null)
        {
            var s = await settings.GetAsync(cancellationToken);
            var owner = deal is null ? await mediator.Send(new ResolveOwner(null), cancellationToken) : new OwnerAssignment(deal.OwnerId, deal.TeamId, true);
            var year = JalaliDate.ToJalali(date!.Value).Year;
            var number = await DocumentNumbers.NextAsync(db, $"Quote-{year}", cancellationToken);
            quote = new Quote { OpportunityId = deal?.Id, OwnerId = owner.OwnerId ?? user.UserId, TeamId = owner.TeamId, Number = DocumentNumbers.Format(s.QuotePattern, year, number) };
            quote.FamilyId = quote.Id;
            db.Add(quote);
        }
        else
        {
            db.RemoveRange(quote.Lines);
            quote.Lines.Clear();
        }

        quote.SetCustomer(customer!.Record, customer.Title);
        (quote.QuoteDate, quote.ValidUntil, quote.PriceBookId) = (date!.Value, validUntil!.Value, model.PriceBookId);
        quote.Language = model.Language == "en" ? "en" : "fa";
        quote.Terms = Blank(model.Terms);
        quote.Notes = Blank(model.Notes);
        foreach (var line in lines)
        {
            line.QuoteId = quote.Id;
            quote.Lines.Add(line);
        }

        quote.Recompute();
        // A changed draft needs a fresh approval if its discount still calls for one.
        quote.Approval = ApprovalState.NotNeeded;
        quote.ApprovalComment = null;
        quote.Version = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult.Invalid(new Dictionary<string, string> { [""] = l["Error_Concurrency"] });
        }

        await transaction.CommitAsync(cancellationToken);
        return new SaveResult(quote.Id, new Dictionary<string, string>(), []);
    }

    public async Task<bool> NeedsApprovalAsync(Quote quote, CancellationToken cancellationToken) =>
        quote.LargestDiscount > (await settings.GetAsync(cancellationToken)).ApprovalThreshold;

    /// <summary>Asks the managers who may approve discounts; each gets a notification linking to the quote.</summary>
    public async Task<Outcome> RequestApprovalAsync(Guid id, CancellationToken cancellationToken)
    {
        var quote = await FindAsync(id, cancellationToken);
        if (quote is null || !quote.IsEditable)
        {
            return Outcome.Refused(l["Error_QuoteNotEditable"]);
        }

        if (!await NeedsApprovalAsync(quote, cancellationToken))
        {
            return Outcome.Refused(l["Error_NoApprovalNeeded"]);
        }

        quote.Approval = ApprovalState.Pending;
        var approvers = await mediator.Send(new ListUsersWithPermission(InvoicingPermissions.ApproveDiscounts), cancellationToken);
        await mediator.Send(new Notify([.. approvers.Select(a => a.Id).Where(a => a != user.UserId)],
            l.InBoth("Notify_ApprovalRequested", quote.DisplayNumber, quote.CustomerName), $"/Invoicing/Quotes/Details/{quote.Id}"), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }

    public async Task<Outcome> DecideApprovalAsync(Guid id, bool approve, string? comment, CancellationToken cancellationToken)
    {
        var quote = await FindAsync(id, cancellationToken);
        if (quote is null || quote.Approval != ApprovalState.Pending)
        {
            return Outcome.Refused(l["Error_NotPending"]);
        }

        if (!approve && string.IsNullOrWhiteSpace(comment))
        {
            return Outcome.Refused(l["Error_CommentRequired"]);
        }

        (quote.Approval, quote.ApprovedBy, quote.ApprovedAt, quote.ApprovalComment) =
            (approve ? ApprovalState.Approved : ApprovalState.Rejected, user.UserId, clock.UtcNow, Blank(comment)?[..Math.Min(comment!.Trim().Length, 1000)]);
        if (quote.OwnerId is { } owner && owner != user.UserId)
        {
            await mediator.Send(new Notify([owner], l.InBoth(approve ? "Notify_Approved" : "Notify_ApprovalRejected", quote.DisplayNumber, comment ?? ""),
                $"/Invoicing/Quotes/Details/{quote.Id}"), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok;
    }

    /// <summary>Marks the quote sent; with an address, emails it with its PDF attached through the outbox.</summary>
    public async Task<Outcome> SendAsync(Guid id, string? email, byte[]? pdf, CancellationToken cancellationToken)
    {
        var quote = await FindAsync(id, cancellationToken);
        if (quote is null || quote.Status is not (QuoteStatus.Draft or QuoteStatus.Sent) || quote.Approval == ApprovalState.Pending)
        {
            return Outcome.Refused(l["Error_QuoteNotSendable"]);
        }

        if (await NeedsApprovalAsync(quote, cancellationToken) && quote.Approval != ApprovalState.Approved)
        {
            return Outcome.Refused(l["Error_ApprovalRequired"]);
        }

        if (!string.IsNullOrWhiteSpace(email) && !EmailAddress.IsValid(email))
        {
            return Outcome.Refused(l["Error_Email"]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        quote.Status = QuoteStatus.Sent;
        quote.SentAt = clock.UtcNow;
        if (!string.IsNullOrWhiteSpace(email))
        {
            var company = (await settings.GetAsync(cancellationToken)).CompanyName;
            await mediator.Send(new SendMessage(MessageChannel.Email, email.Trim())
            {
                TemplateKey = InvoicingTemplates.QuoteEmail,
                Culture = quote.Language,
                Recipient = new RecipientRef(quote.Customer.Type, quote.Customer.Id),
                Values = new Dictionary<string, object?>
                {
                    ["Quote.Number"] = quote.DisplayNumber, ["Quote.Total"] = quote.Total, ["Quote.ValidUntil"] = quote.ValidUntil,
                    ["Company.Name"] = company, ["Customer.Name"] = quote.CustomerName,
                    ["Quote.Link"] = await DocumentLinksFor.IssueAsync(mediator, InvoicingRecordTypes.Quote, quote.Id, quote.ContactId, cancellationToken),
                },
                Attachments = pdf is null ? [] : [new MessageAttachment(DocumentFiles.QuoteFileName(quote), "application/pdf", pdf)],
            }, cancellationToken);
        }

        await mediator.Send(new LogTimelineEvent(quote.Customer, ActivityKind.Document, prices.Both("Timeline_QuoteSent", quote.DisplayNumber, quote.Total)), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome.Ok;
    }

    public async Task<Outcome> DecideAsync(Guid id, bool accepted, CancellationToken cancellationToken)
    {
        var quote = await FindAsync(id, cancellationToken);
        if (quote is null || quote.Status != QuoteStatus.Sent)
        {
            return Outcome.Refused(l["Error_QuoteNotSent"]);
        }

        quote.Status = accepted ? QuoteStatus.Accepted : QuoteStatus.Rejected;
        quote.DecidedAt = clock.UtcNow;
        await mediator.Send(new LogTimelineEvent(quote.Customer, ActivityKind.StatusChange,
            l.InBoth(accepted ? "Timeline_QuoteAccepted" : "Timeline_QuoteRejected", quote.DisplayNumber)), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (accepted)
        {
            await mediator.Publish(new QuoteAccepted(quote.Id, quote.DisplayNumber, quote.OpportunityId), cancellationToken);
        }

        return Outcome.Ok;
    }

    /// <summary>
    /// The customer's own decision from the portal, confirmed by their typed name: recorded once (a conditional update,
    /// so two clicks or two devices cannot both decide), with the time and address, on the customer's timeline; an
    /// acceptance is then an acceptance like any other. The caller has checked the quote is the customer's.
    /// </summary>
    public async Task<Outcome> DecideOnlineAsync(Guid id, bool accepted, string? typedName, string address, CancellationToken cancellationToken)
    {
        var name = PersianText.Clean(typedName ?? "");
        if (name.Length < 2 || name.Length > Quote.DecidedByNameMaxLength)
        {
            return Outcome.Refused(l["Error_TypeYourName", Quote.DecidedByNameMaxLength]);
        }

        var now = clock.UtcNow;
        var today = format.Today();
        var status = accepted ? QuoteStatus.Accepted : QuoteStatus.Rejected;
        var changed = await db.Set<Quote>().Where(q => q.Id == id && q.Status == QuoteStatus.Sent && q.ValidUntil >= today)
            .ExecuteUpdateAsync(s => s.SetProperty(q => q.Status, status).SetProperty(q => q.DecidedAt, now)
                .SetProperty(q => q.DecidedByName, name).SetProperty(q => q.DecidedFrom, address)
                .SetProperty(q => q.ModifiedAt, now).SetProperty(q => q.Version, Guid.NewGuid()), cancellationToken);
        if (changed == 0)
        {
            return Outcome.Refused(l["Error_QuoteNotOpen"]);
        }

        var quote = await db.Set<Quote>().AsNoTracking().FirstAsync(q => q.Id == id, cancellationToken);
        await mediator.Send(new LogTimelineEvent(quote.Customer, ActivityKind.StatusChange,
            l.InBoth(accepted ? "Timeline_QuoteAcceptedOnline" : "Timeline_QuoteRejectedOnline", quote.DisplayNumber, name, address)), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (accepted)
        {
            await mediator.Publish(new QuoteAccepted(quote.Id, quote.DisplayNumber, quote.OpportunityId), cancellationToken);
        }

        return Outcome.Ok;
    }

    /// <summary>A sent, rejected or expired quote is changed by a new revision; returns the revision's id.</summary>
    public async Task<(Outcome Outcome, Guid? Id)> ReviseAsync(Guid id, CancellationToken cancellationToken)
    {
        var quote = await FindAsync(id, cancellationToken);
        if (quote is null || quote.Status is not (QuoteStatus.Sent or QuoteStatus.Rejected or QuoteStatus.Expired))
        {
            return (Outcome.Refused(l["Error_QuoteNotRevisable"]), null);
        }

        var next = quote.Revise(format.Today(), (await settings.GetAsync(cancellationToken)).QuoteValidDays);
        db.Add(next);
        await db.SaveChangesAsync(cancellationToken);
        return (Outcome.Ok, next.Id);
    }

    public Task<List<Quote>> RevisionsAsync(Quote quote, CancellationToken cancellationToken) =>
        Quotes().AsNoTracking().Where(q => q.FamilyId == quote.FamilyId).OrderByDescending(q => q.Revision).ToListAsync(cancellationToken);

    /// <summary>Quotes sent and not answered by their validity date expire; each owner hears of theirs.</summary>
    public async Task<int> ExpireAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var expired = await db.Set<Quote>().Where(q => q.Status == QuoteStatus.Sent && q.ValidUntil < today).Take(1000).ToListAsync(cancellationToken);
        foreach (var quote in expired)
        {
            quote.Status = QuoteStatus.Expired;
            quote.DecidedAt = clock.UtcNow;
            if (quote.OwnerId is { } owner)
            {
                await mediator.Send(new Notify([owner], l.InBoth("Notify_QuoteExpired", quote.DisplayNumber, quote.CustomerName), $"/Invoicing/Quotes/Details/{quote.Id}"), cancellationToken);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return expired.Count;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
