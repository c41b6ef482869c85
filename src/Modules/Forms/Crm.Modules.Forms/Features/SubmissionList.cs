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
    public Task<KeysetPage<SubmissionRow>> PageAsync(SubmissionFilter filter, IReadOnlyList<FormField> fields, int pageSize, CancellationToken cancellationToken) =>
        Keyset.PageAsync(Query(filter, fields), null, true, filter.Page, pageSize, Row, cancellationToken);

    public static readonly System.Linq.Expressions.Expression<Func<FormSubmission, SubmissionRow>> Row = s =>
        new SubmissionRow(s.Id, s.FormId, s.CreatedAt, s.ContactId, s.ContactName, s.Status, s.Channel, s.OwnerId, s.CreatedBy, s.Values, s.Latitude, s.Longitude);

    public IQueryable<FormSubmission> Query(SubmissionFilter filter, IReadOnlyList<FormField> fields)
    {
        var query = (filter.Deleted ? db.Set<FormSubmission>().IgnoreQueryFilters().Where(s => s.IsDeleted) : db.Set<FormSubmission>()).VisibleTo(user).AsNoTracking();
        if (filter.Form is { } form)
        {
            query = query.Where(s => s.FormId == form);
            if (fields.FirstOrDefault(f => f.Key == filter.Field) is { } field && !string.IsNullOrWhiteSpace(filter.Value))
            {
                var key = SearchTerm(field, filter.Value);
                var values = db.Set<FormSubmissionValue>().Where(v => v.FormId == form && v.Field == field.Key);
                values = field.Type is FieldType.ShortText or FieldType.LongText ? values.Where(v => v.Value.StartsWith(key)) : values.Where(v => v.Value == key);
                query = query.Where(s => values.Any(v => v.SubmissionId == s.Id));
            }
        }

        if (!string.IsNullOrWhiteSpace(filter.Status))
        {
            var status = TextLimits.Shorten(filter.Status.Trim(), FormSubmission.StatusMaxLength);
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

        if (fmt.TryParseDateInput(filter.From, out var from))
        {
            var fromUtc = fmt.ToUtc(from.ToDateTime(TimeOnly.MinValue));
            query = query.Where(s => s.CreatedAt >= fromUtc);
        }

        if (fmt.TryParseDateInput(filter.To, out var to))
        {
            var toUtc = fmt.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue));
            query = query.Where(s => s.CreatedAt < toUtc);
        }

        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var text = PersianText.Clean(TextLimits.Shorten(filter.Q, 100));
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
