using Crm.Modules.Contacts.Contracts;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;

using static Crm.Modules.Contacts.Features.ContactSearch;

namespace Crm.Modules.Contacts.Features;

/// <summary>
/// The contacts list page as one hand-written statement: the same filter, visibility, sort and cursor as
/// <see cref="ContactSearch.PageAsync"/>, its LINQ form. The list is the most used page of the product, and on SQLite
/// EF Core's work per query took as long as the statement itself; a test runs both forms over every filter and page
/// and requires the same rows. A change to the filter goes into both.
/// </summary>
public static class ContactListStatement
{
    private const string Columns = "c.\"Id\", c.\"FullName\", c.\"PrimaryPhone\", c.\"PrimaryEmail\", c.\"City\", c.\"Source\", c.\"Rating\", c.\"OwnerId\", c.\"NameKey\"";

    public static Task<KeysetPage<ContactRow>> PageAsync(DbContext db, ICurrentUser user, ContactFilter filter, int pageSize, CancellationToken cancellationToken)
    {
        var sql = new SqlStatement(db);
        var where = Conditions(sql, user, filter);
        var newest = filter.Sort == "newest";
        var keyColumn = newest ? null : "c.\"NameKey\"";
        var condition = string.IsNullOrWhiteSpace(filter.Q) ? where : Matches(sql, filter, where, Keyset.Seek(sql, keyColumn, "c.\"Id\"", newest, filter.Page, pageSize));
        sql.Append("SELECT " + Columns + " FROM \"Contacts\" AS c WHERE " + condition);
        return Keyset.PageAsync(sql, keyColumn, "c.\"Id\"", newest, filter.Page, pageSize, reader => ReadRow(reader, newest), cancellationToken);
    }

    /// <summary>The filter and the viewer's visibility on the contacts table aliased <c>c</c>.</summary>
    private static string Conditions(SqlStatement sql, ICurrentUser user, ContactFilter filter)
    {
        var where = new System.Text.StringBuilder(filter.Deleted ? "c.\"IsDeleted\" AND c.\"MergedIntoId\" IS NULL" : "NOT c.\"IsDeleted\"");
        if (RecordVisibility.SqlCondition(user, sql, "c") is { } visible)
        {
            where.Append(" AND " + visible);
        }

        if (filter.Owner == "me")
        {
            where.Append(user.UserId is { } me ? " AND c.\"OwnerId\" = " + sql.Value(me) : " AND c.\"OwnerId\" IS NULL");
        }
        else if (Guid.TryParse(filter.Owner, out var ownerId))
        {
            where.Append(" AND c.\"OwnerId\" = " + sql.Value(ownerId));
        }

        if (filter.Source is { } source)
        {
            where.Append(" AND c.\"Source\" = " + sql.Value((int)source));
        }

        if (filter.MinRating is { } rating)
        {
            where.Append(" AND c.\"Rating\" >= " + sql.Value(rating));
        }

        if (!string.IsNullOrWhiteSpace(filter.Segment))
        {
            where.Append(" AND c.\"Segments\" IS NOT NULL AND " + sql.Contains("c.\"Segments\"", filter.Segment.Trim()));
        }

        return where.ToString();
    }

    private static Keyset.Keyed<ContactRow> ReadRow(System.Data.Common.DbDataReader reader, bool newest)
    {
        var id = reader.GetGuid(0);
        return new Keyset.Keyed<ContactRow>
        {
            Id = id,
            Key = newest ? null : reader.GetString(8),
            Row = new ContactRow(id, reader.GetString(1), NullableString(reader, 2), NullableString(reader, 3), NullableString(reader, 4),
                (CustomerSource)reader.GetInt32(5), reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetGuid(7)),
        };
    }

    /// <summary>
    /// The condition on the page's rows for a search term, as <see cref="ContactSearch.Apply(IQueryable{Domain.Contact}, ContactFilter, DbContext, ICurrentUser)"/>
    /// defines the matches: each kind from its own index and capped. A name term's parts are each sought to the page
    /// (<paramref name="seek"/>) before the union, so the outer statement reads at most three pages of rows, not thousands.
    /// </summary>
    private static string Matches(SqlStatement sql, ContactFilter filter, string where, string seek)
    {
        var (kind, from, to) = Term(filter.Q!);
        var (low, high) = (sql.Value(from), sql.Value(to));
        var cap = MaxMatches; // written in, not bound, as the page's LIMIT (see Keyset)
        switch (kind)
        {
            case TermKind.Email:
                return $"{where} AND c.\"Id\" IN (SELECT e.\"ContactId\" FROM \"EmailAddresses\" AS e WHERE e.\"ContactId\" IS NOT NULL AND e.\"AddressKey\" >= {low} AND e.\"AddressKey\" < {high} ORDER BY e.\"AddressKey\" LIMIT {cap})";
            case TermKind.Phone:
                return $"{where} AND c.\"Id\" IN (SELECT p.\"ContactId\" FROM \"PhoneNumbers\" AS p WHERE p.\"ContactId\" IS NOT NULL AND p.\"NumberKey\" >= {low} AND p.\"NumberKey\" < {high} ORDER BY p.\"NumberKey\" LIMIT {cap})";
            default:
                const string Keyed = "SELECT c.\"Id\", c.\"NameKey\" FROM \"Contacts\" AS c WHERE ";
                var firstName = $"c.\"NameKey\" >= {low} AND c.\"NameKey\" < {high}";
                var byName = filter.Sort == "newest"
                    ? $"SELECT c.\"Id\" FROM ({Keyed}{where} AND {firstName} ORDER BY c.\"NameKey\" LIMIT {cap}) AS c WHERE 1 = 1{seek}"
                    : $"SELECT c.\"Id\" FROM \"Contacts\" AS c WHERE {where} AND {firstName}{seek}";
                var byLastName = $"SELECT c.\"Id\" FROM ({Keyed}{where} AND c.\"LastNameKey\" >= {low} AND c.\"LastNameKey\" < {high} ORDER BY c.\"LastNameKey\" LIMIT {cap}) AS c WHERE 1 = 1{seek}";
                var byOrganization = $"SELECT c.\"Id\" FROM ({Keyed}{where} AND c.\"Id\" IN (SELECT w.\"ContactId\" FROM \"Employments\" AS w WHERE w.\"OrganizationId\" IN ("
                    + $"SELECT o.\"Id\" FROM \"Organizations\" AS o WHERE NOT o.\"IsDeleted\" AND o.\"NameKey\" >= {low} AND o.\"NameKey\" < {high} ORDER BY o.\"NameKey\" LIMIT {MaxOrganizations}"
                    + $") LIMIT {cap})) AS c WHERE 1 = 1{seek}";
                return $"c.\"Id\" IN (SELECT \"Id\" FROM ({byName}) AS by_name UNION SELECT \"Id\" FROM ({byLastName}) AS by_last_name UNION SELECT \"Id\" FROM ({byOrganization}) AS by_organization)";
        }
    }

    private static string? NullableString(System.Data.Common.DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
