using System.Text;
using Crm.Modules.Forms.Domain;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Forms.Features;

/// <summary>
/// The submissions list page as one hand-written statement: the same filter, visibility, order and cursor as
/// <see cref="SubmissionList.Query"/>, its LINQ form. At a million submissions EF Core's own work per query was half as
/// long again as the statement's. A test walks both forms over the filters and requires the same rows; a change to the
/// filter goes into both.
/// </summary>
public static class SubmissionListStatement
{
    private const string Columns = "s.\"Id\", s.\"FormId\", s.\"CreatedAt\", s.\"ContactId\", s.\"ContactName\", s.\"Status\", s.\"Channel\", s.\"OwnerId\", s.\"CreatedBy\", s.\"Values\", s.\"Latitude\", s.\"Longitude\"";

    public static Task<KeysetPage<SubmissionRow>> PageAsync(DbContext db, ICurrentUser user, ResolvedFilter filter, int pageSize, CancellationToken cancellationToken)
    {
        var sql = new SqlStatement(db);
        sql.Append("SELECT " + Columns + " FROM \"FormSubmissions\" AS s WHERE " + Conditions(sql, user, filter));
        return Keyset.PageAsync(sql, null, "s.\"Id\"", true, filter.Filter.Page, pageSize, ReadRow, cancellationToken);
    }

    private static string Conditions(SqlStatement sql, ICurrentUser user, ResolvedFilter r)
    {
        var f = r.Filter;
        var where = new StringBuilder(f.Deleted ? "s.\"IsDeleted\"" : "NOT s.\"IsDeleted\"");
        if (RecordVisibility.SqlCondition(user, sql, "s") is { } visible)
        {
            where.Append(" AND " + visible);
        }

        if (f.Form is { } form)
        {
            var formValue = sql.Value(form);
            where.Append(" AND s.\"FormId\" = " + formValue);
            if (r.Field is { } field && r.FieldValue is { } value)
            {
                var values = "FROM \"FormSubmissionValues\" AS v WHERE v.\"FormId\" = " + formValue + " AND v.\"Field\" = " + sql.Value(field);
                if (r.FieldIsText)
                {
                    var (low, high) = SearchKeys.PrefixRange(value);
                    where.Append(" AND s.\"Id\" IN (SELECT v.\"SubmissionId\" " + values + " AND v.\"Value\" >= " + sql.Value(low) + " AND v.\"Value\" < " + sql.Value(high)
                        + " ORDER BY v.\"Value\", v.\"SubmissionId\" LIMIT " + SubmissionList.MaxTextMatches.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")");
                }
                else
                {
                    where.Append(" AND EXISTS (SELECT 1 " + values + " AND v.\"Value\" = " + sql.Value(value) + " AND v.\"SubmissionId\" = s.\"Id\")");
                }
            }
        }

        if (r.Status is { } status)
        {
            where.Append(" AND s.\"Status\" = " + sql.Value(status));
        }

        if (f.Channel is { } channel)
        {
            where.Append(" AND s.\"Channel\" = " + sql.Value((int)channel));
        }

        if (f.User is { } staff)
        {
            where.Append(" AND s.\"CreatedBy\" = " + sql.Value(staff));
        }

        if (f.Located)
        {
            where.Append(" AND s.\"Latitude\" IS NOT NULL");
        }

        if (r.FromUtc is { } from)
        {
            where.Append(" AND s.\"CreatedAt\" >= " + sql.Value(from));
        }

        if (r.ToUtc is { } to)
        {
            where.Append(" AND s.\"CreatedAt\" < " + sql.Value(to));
        }

        if (r.Contact is { } contact)
        {
            where.Append(" AND s.\"ContactName\" IS NOT NULL AND " + sql.Contains("s.\"ContactName\"", contact));
        }

        return where.ToString();
    }

    private static Keyset.Keyed<SubmissionRow> ReadRow(System.Data.Common.DbDataReader reader)
    {
        var id = reader.GetGuid(0);
        return new Keyset.Keyed<SubmissionRow>
        {
            Id = id,
            Row = new SubmissionRow(id, reader.GetGuid(1), DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc), reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), (SubmissionChannel)reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetGuid(7), reader.IsDBNull(8) ? null : reader.GetGuid(8), reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetDouble(10), reader.IsDBNull(11) ? null : reader.GetDouble(11)),
        };
    }
}
