using Crm.Modules.Contacts.Contracts;
using Crm.Modules.Contacts.Web;
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
        sql.Append("SELECT " + Columns + " FROM \"Contacts\" AS c WHERE ")
            .Append(filter.Deleted ? "c.\"IsDeleted\" AND c.\"MergedIntoId\" IS NULL" : "NOT c.\"IsDeleted\"");
        if (RecordVisibility.SqlCondition(user, sql, "c") is { } visible)
        {
            sql.Append(" AND " + visible);
        }

        if (filter.Owner == "me")
        {
            sql.Append(user.UserId is { } me ? " AND c.\"OwnerId\" = " + sql.Value(me) : " AND c.\"OwnerId\" IS NULL");
        }
        else if (Guid.TryParse(filter.Owner, out var ownerId))
        {
            sql.Append(" AND c.\"OwnerId\" = " + sql.Value(ownerId));
        }

        if (filter.Source is { } source)
        {
            sql.Append(" AND c.\"Source\" = " + sql.Value((int)source));
        }

        if (filter.MinRating is { } rating)
        {
            sql.Append(" AND c.\"Rating\" >= " + sql.Value(rating));
        }

        if (!string.IsNullOrWhiteSpace(filter.Segment))
        {
            sql.Append(" AND c.\"Segments\" IS NOT NULL AND " + sql.Contains("c.\"Segments\"", filter.Segment.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            sql.Append(" AND c.\"Id\" IN (" + Matches(sql, filter) + ")");
        }

        var newest = filter.Sort == "newest";
        return Keyset.PageAsync(sql, newest ? null : "c.\"NameKey\"", "c.\"Id\"", newest, filter.Page, pageSize, reader => ReadRow(reader, newest), cancellationToken);
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

    /// <summary>The ids a search term matches, each kind from its own index and capped, as in <see cref="ContactSearch.Apply(IQueryable{Domain.Contact}, ContactFilter, DbContext, ICurrentUser)"/>.</summary>
    private static string Matches(SqlStatement sql, ContactFilter filter)
    {
        var (kind, from, to) = Term(filter.Q!);
        var (low, high) = (sql.Value(from), sql.Value(to));
        var cap = MaxMatches; // written in, not bound, as the page's LIMIT (see Keyset)
        switch (kind)
        {
            case TermKind.Email:
                return $"SELECT e.\"ContactId\" FROM \"EmailAddresses\" AS e WHERE e.\"ContactId\" IS NOT NULL AND e.\"AddressKey\" >= {low} AND e.\"AddressKey\" < {high} ORDER BY e.\"AddressKey\" LIMIT {cap}";
            case TermKind.Phone:
                return $"SELECT p.\"ContactId\" FROM \"PhoneNumbers\" AS p WHERE p.\"ContactId\" IS NOT NULL AND p.\"NumberKey\" >= {low} AND p.\"NumberKey\" < {high} ORDER BY p.\"NumberKey\" LIMIT {cap}";
            default:
                // Deleted people are searched too when the list shows them; visibility is applied by the outer statement.
                var people = filter.Deleted ? "" : "NOT n.\"IsDeleted\" AND ";
                return $"SELECT \"Id\" FROM (SELECT n.\"Id\" FROM \"Contacts\" AS n WHERE {people}n.\"NameKey\" >= {low} AND n.\"NameKey\" < {high} ORDER BY n.\"NameKey\" LIMIT {cap}) AS by_name"
                    + $" UNION SELECT \"Id\" FROM (SELECT n.\"Id\" FROM \"Contacts\" AS n WHERE {people}n.\"LastNameKey\" >= {low} AND n.\"LastNameKey\" < {high} ORDER BY n.\"LastNameKey\" LIMIT {cap}) AS by_last_name"
                    + $" UNION SELECT \"ContactId\" FROM (SELECT w.\"ContactId\" FROM \"Employments\" AS w WHERE w.\"OrganizationId\" IN ("
                    + $"SELECT o.\"Id\" FROM \"Organizations\" AS o WHERE NOT o.\"IsDeleted\" AND o.\"NameKey\" >= {low} AND o.\"NameKey\" < {high} ORDER BY o.\"NameKey\" LIMIT {MaxOrganizations}"
                    + $") LIMIT {cap}) AS by_organization";
        }
    }

    private static string? NullableString(System.Data.Common.DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
