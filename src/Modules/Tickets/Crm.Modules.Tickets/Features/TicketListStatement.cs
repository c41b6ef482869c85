using System.Globalization;
using System.Text;
using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Tickets.Features;

/// <summary>
/// The tickets list page as one hand-written statement: the same filter, visibility, sort and cursor as
/// <see cref="TicketList.PageAsync"/>, its LINQ form. Agents keep the list open all day, and at a million tickets EF
/// Core's own work per query took as long as the statement. A test walks both forms over every filter and requires the
/// same rows; a change to the filter goes into both.
/// </summary>
public static class TicketListStatement
{
    private const string Columns = "t.\"Id\", t.\"Number\", t.\"Subject\", t.\"CustomerName\", t.\"Priority\", t.\"Status\", t.\"SlaState\", t.\"SlaDueAt\", t.\"OwnerId\", t.\"CreatedAt\", t.\"SlaSortKey\"";

    // Written into the statement, not bound: they are the type's own values, and the planner picks the status index by them.
    private static readonly string Done = string.Join(", ", new[] { TicketStatus.Resolved, TicketStatus.Closed, TicketStatus.Cancelled }.Select(s => Number((int)s)));

    public static Task<KeysetPage<TicketRow>> PageAsync(DbContext db, ICurrentUser user, TicketFilter filter, int pageSize, CancellationToken cancellationToken)
    {
        var sql = new SqlStatement(db);
        var byDue = filter.Sort == "due";
        var keyColumn = byDue ? "t.\"SlaSortKey\"" : null;
        sql.Append("SELECT " + Columns + " FROM \"Tickets\" AS t WHERE " + Conditions(sql, user, filter));
        return Keyset.PageAsync(sql, keyColumn, "t.\"Id\"", !byDue, filter.Page, pageSize, reader => ReadRow(reader, byDue), cancellationToken);
    }

    /// <summary>The filter and the viewer's visibility on the tickets table aliased <c>t</c>, as <see cref="TicketList.Query"/> has them.</summary>
    private static string Conditions(SqlStatement sql, ICurrentUser user, TicketFilter filter)
    {
        var where = new StringBuilder(filter.Deleted ? "t.\"IsDeleted\"" : "NOT t.\"IsDeleted\"");
        if (RecordVisibility.SqlCondition(user, sql, "t") is { } visible)
        {
            where.Append(" AND " + visible);
        }

        where.Append(filter.Scope switch
        {
            "closed" => " AND t.\"Status\" IN (" + Done + ")",
            "all" => "",
            _ => " AND t.\"Status\" NOT IN (" + Done + ")",
        });
        if (filter.Mine)
        {
            where.Append(user.UserId is { } me ? " AND t.\"OwnerId\" = " + sql.Value(me) : " AND t.\"OwnerId\" IS NULL");
        }

        if (filter.Team is { } team)
        {
            where.Append(" AND t.\"TeamId\" = " + sql.Value(team));
        }

        if (filter.Priority is { } priority)
        {
            where.Append(" AND t.\"Priority\" = " + sql.Value((int)priority));
        }

        if (filter.Sla is { } state)
        {
            where.Append(" AND t.\"SlaState\" = " + sql.Value((int)state));
        }

        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var text = PersianText.Clean(TextLimits.Shorten(filter.Q, 100));
            where.Append(" AND (t.\"Number\" = " + sql.Value(text.ToUpperInvariant()) + " OR " + sql.Contains("t.\"Subject\"", text) + " OR " + sql.Contains("t.\"CustomerName\"", text) + ")");
        }

        return where.ToString();
    }

    private static Keyset.Keyed<TicketRow> ReadRow(System.Data.Common.DbDataReader reader, bool byDue)
    {
        var id = reader.GetGuid(0);
        return new Keyset.Keyed<TicketRow>
        {
            Id = id,
            Key = byDue ? reader.GetString(10) : null,
            Row = new TicketRow(id, reader.GetString(1), reader.GetString(2), reader.GetString(3), (TicketPriority)reader.GetInt32(4), (TicketStatus)reader.GetInt32(5),
                (SlaState)reader.GetInt32(6), reader.IsDBNull(7) ? null : Utc(reader.GetDateTime(7)), reader.IsDBNull(8) ? null : reader.GetGuid(8), Utc(reader.GetDateTime(9))),
        };
    }

    /// <summary>As the model's converter reads every instant: UTC, whatever kind the provider hands back.</summary>
    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
