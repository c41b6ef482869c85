using System.Globalization;
using Crm.Modules.Forms.Domain;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Forms.Features;

/// <summary>The submissions list's filters, kept in the query string so a filtered list can be bookmarked and shared.</summary>
public sealed class SubmissionFilter : ListFilter
{
    public Guid? Form { get; set; }

    /// <summary>A field of the form to filter on, with <see cref="Value"/>: text by its beginning, anything else exactly.</summary>
    public string? Field { get; set; }

    public string? Value { get; set; }

    public string? Status { get; set; }

    public SubmissionChannel? Channel { get; set; }

    /// <summary>Submitted on or after this date (typed as the user's calendar shows dates).</summary>
    public string? From { get; set; }

    public string? To { get; set; }

    /// <summary>Submitted by this member of staff (filled in on their phone).</summary>
    public Guid? User { get; set; }

    public bool Located { get; set; }
}

public sealed record SubmissionRow(Guid Id, Guid FormId, DateTime CreatedAt, Guid? ContactId, string? ContactName, string? Status, SubmissionChannel Channel,
    Guid? OwnerId, Guid? CreatedBy, string Values, double? Latitude, double? Longitude);

/// <summary>A filter with its typed parts read as the statements compare them.</summary>
public sealed record ResolvedFilter
{
    public required SubmissionFilter Filter { get; init; }

    public string? Field { get; init; }

    public string? FieldValue { get; init; }

    public bool FieldIsText { get; init; }

    public string? Status { get; init; }

    public DateTime? FromUtc { get; init; }

    public DateTime? ToUtc { get; init; }

    public string? Contact { get; init; }
}

/// <summary>A form's figures: how often its public page was opened, how many submissions it has, and the share of views that became one.</summary>
public sealed record FormFigures(long Views, int Submissions, int PublicSubmissions)
{
    public decimal Conversion => Views == 0 ? 0 : Math.Round(100m * PublicSubmissions / Views, 1);
}

/// <summary>
/// The submissions list: the filters as one query under the visibility rule, newest first, paged by keyset. A field filter
/// seeks the searchable values' index (form, field, value) instead of reading the submissions' JSON.
/// </summary>
public sealed class SubmissionList(DbContext db, ICurrentUser user, IDisplayFormatter fmt)
{
    /// <summary>How many submissions a text field's beginning matches at most (the list says so when it is reached).</summary>
    public const int MaxTextMatches = 2_000;

    /// <summary>The list page, read by <see cref="SubmissionListStatement"/>, this query's hand-written form.</summary>
    public Task<KeysetPage<SubmissionRow>> PageAsync(SubmissionFilter filter, IReadOnlyList<FormField> fields, int pageSize, CancellationToken cancellationToken) =>
        SubmissionListStatement.PageAsync(db, user, Resolve(filter, fields), pageSize, cancellationToken);

    /// <summary>The same page through LINQ (export, the map and the test that holds the two forms to the same rows use it).</summary>
    public Task<KeysetPage<SubmissionRow>> QueryPageAsync(SubmissionFilter filter, IReadOnlyList<FormField> fields, int pageSize, CancellationToken cancellationToken) =>
        Keyset.PageAsync(Query(filter, fields), null, true, filter.Page, pageSize, Row, cancellationToken);

    public static readonly System.Linq.Expressions.Expression<Func<FormSubmission, SubmissionRow>> Row = s =>
        new SubmissionRow(s.Id, s.FormId, s.CreatedAt, s.ContactId, s.ContactName, s.Status, s.Channel, s.OwnerId, s.CreatedBy, s.Values, s.Latitude, s.Longitude);

    /// <summary>The filter with its typed parts read: dates as instants, a field's value as its searchable form.</summary>
    public ResolvedFilter Resolve(SubmissionFilter filter, IReadOnlyList<FormField> fields)
    {
        var resolved = new ResolvedFilter { Filter = filter };
        if (filter.Form is not null && fields.FirstOrDefault(f => f.Key == filter.Field) is { } field && !string.IsNullOrWhiteSpace(filter.Value))
        {
            resolved = resolved with { Field = field.Key, FieldValue = SearchTerm(field, filter.Value), FieldIsText = field.Type is FieldType.ShortText or FieldType.LongText };
        }

        if (!string.IsNullOrWhiteSpace(filter.Status))
        {
            resolved = resolved with { Status = TextLimits.Shorten(filter.Status.Trim(), FormSubmission.StatusMaxLength) };
        }

        if (fmt.TryParseDateInput(filter.From, out var from))
        {
            resolved = resolved with { FromUtc = fmt.ToUtc(from.ToDateTime(TimeOnly.MinValue)) };
        }

        if (fmt.TryParseDateInput(filter.To, out var to))
        {
            resolved = resolved with { ToUtc = fmt.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue)) };
        }

        return string.IsNullOrWhiteSpace(filter.Q) ? resolved : resolved with { Contact = PersianText.Clean(TextLimits.Shorten(filter.Q, 100)) };
    }

    public IQueryable<FormSubmission> Query(SubmissionFilter filter, IReadOnlyList<FormField> fields)
    {
        var r = Resolve(filter, fields);
        var query = (filter.Deleted ? db.Set<FormSubmission>().IgnoreQueryFilters().Where(s => s.IsDeleted) : db.Set<FormSubmission>()).VisibleTo(user).AsNoTracking();
        if (filter.Form is { } form)
        {
            query = query.Where(s => s.FormId == form);
            if (r.Field is { } key && r.FieldValue is { } value)
            {
                var values = db.Set<FormSubmissionValue>().Where(v => v.FormId == form && v.Field == key);
                if (r.FieldIsText)
                {
                    // A text's beginning is a range on its search key, which the index (form, field, value) seeks; its
                    // first matches in that index's order are the candidates, so a rare beginning reads few rows.
                    var (low, high) = SearchKeys.PrefixRange(value);
                    var matches = values.Where(v => string.Compare(v.Value, low) >= 0 && string.Compare(v.Value, high) < 0)
                        .OrderBy(v => v.Value).ThenBy(v => v.SubmissionId).Take(MaxTextMatches).Select(v => v.SubmissionId);
                    query = query.Where(s => matches.Contains(s.Id));
                }
                else
                {
                    query = query.Where(s => values.Any(v => v.Value == value && v.SubmissionId == s.Id));
                }
            }
        }

        if (r.Status is { } status)
        {
            query = query.Where(s => s.Status == status);
        }

        if (filter.Channel is { } channel)
        {
            query = query.Where(s => s.Channel == channel);
        }

        if (filter.User is { } staff)
        {
            query = query.Where(s => s.CreatedBy == staff);
        }

        if (filter.Located)
        {
            query = query.Where(s => s.Latitude != null);
        }

        if (r.FromUtc is { } fromUtc)
        {
            query = query.Where(s => s.CreatedAt >= fromUtc);
        }

        if (r.ToUtc is { } toUtc)
        {
            query = query.Where(s => s.CreatedAt < toUtc);
        }

        if (r.Contact is { } text)
        {
            query = query.Where(s => s.ContactName != null && s.ContactName.Contains(text));
        }

        return query;
    }

    public async Task<FormFigures> FiguresAsync(Form form, CancellationToken cancellationToken)
    {
        var counts = await db.Set<FormSubmission>().Where(s => s.FormId == form.Id).GroupBy(s => s.Channel == SubmissionChannel.Public)
            .Select(g => new { Public = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return new FormFigures(form.Views, counts.Sum(c => c.Count), counts.Where(c => c.Public).Sum(c => c.Count));
    }

    /// <summary>A typed filter value in the form the searchable values are stored in (the field's own check, or the text's search key).</summary>
    private string SearchTerm(FormField field, string typed)
    {
        var text = TextLimits.Shorten(typed.Trim(), FormSubmissionValue.MaxLength);
        if (field.Type is FieldType.ShortText or FieldType.LongText)
        {
            return FormSubmissions.SearchValue(field, text);
        }

        if (field.Type is FieldType.Mobile)
        {
            return "0" + PhoneNumber.Normalize(text);
        }

        if (field.Type is FieldType.Number or FieldType.Amount or FieldType.NationalId or FieldType.PostalCode)
        {
            return Digits.ToLatin(text).Replace(",", "").Replace("٬", "");
        }

        if (field.Type is FieldType.Date && fmt.TryParseDateInput(text, out var date))
        {
            return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return field.Type == FieldType.Email ? EmailAddress.Normalize(text) : text;
    }
}
