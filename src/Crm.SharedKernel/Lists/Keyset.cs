using System.Linq.Expressions;
using System.Text;
using Crm.SharedKernel.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.SharedKernel.Lists;

/// <summary>Which page of a list: the first, the last, or the page after / before a row (its cursor).</summary>
public sealed record PageRequest(string? After = null, string? Before = null, bool Last = false);

/// <summary>What every list's filter has: the search box, deleted records (to restore them), the sort, and the page cursors.</summary>
public abstract class ListFilter
{
    public string? Q { get; set; }

    public bool Deleted { get; set; }

    public string? Sort { get; set; }

    public string? After { get; set; }

    public string? Before { get; set; }

    public bool Last { get; set; }

    public PageRequest Page => new(After, Before, Last);
}

/// <summary>One page of rows with cursors to its neighbours.</summary>
public sealed record KeysetPage<T>(IReadOnlyList<T> Rows, bool HasPrevious, bool HasNext, string? FirstCursor, string? LastCursor)
{
    public PagerModel Pager => new(HasPrevious, HasNext, FirstCursor, LastCursor);
}

/// <summary>What the shared pager partial needs: which neighbours exist and the cursors to reach them.</summary>
public sealed record PagerModel(bool HasPrevious, bool HasNext, string? FirstCursor, string? LastCursor);

/// <summary>
/// Keyset ("seek") paging: a page is found by an index seek from the previous page's last row, so page 20,000 of a
/// million rows costs the same as page 1 (OFFSET would read and throw away every row before it).
/// Rows are ordered by an optional string sort key, then by id (time-ordered Guid v7), so the order is total.
/// </summary>
public static class Keyset
{
    public static async Task<KeysetPage<TRow>> PageAsync<TEntity, TRow>(
        IQueryable<TEntity> query,
        Expression<Func<TEntity, string>>? sortKey,
        bool descending,
        PageRequest request,
        int pageSize,
        Expression<Func<TEntity, TRow>> projection,
        CancellationToken cancellationToken)
        where TEntity : Entity
    {
        var backwards = request.Before is not null || (request.Last && request.After is null);
        var cursor = Decode(request.After ?? request.Before);
        if (cursor is not null)
        {
            // Rows strictly after the cursor in reading order (or strictly before it when paging back).
            query = query.Where(Beyond(sortKey, cursor.Value.Key, cursor.Value.Id, greater: descending == backwards));
        }

        query = Order(query, sortKey, descending != backwards);
        var rows = await query.Select(WithKeyCached(sortKey, projection)).Take(pageSize + 1).ToListAsync(cancellationToken);
        return ToPage(rows, backwards, cursor is not null, request, pageSize);
    }

    /// <summary>
    /// The same paging for a hand-written statement that ends in its WHERE clause: appends the cursor condition, the
    /// order and the limit, then reads the page. <paramref name="keyColumn"/> and <paramref name="idColumn"/> are the
    /// quoted columns the LINQ form sorts by.
    /// </summary>
    public static async Task<KeysetPage<TRow>> PageAsync<TRow>(
        SqlStatement sql,
        string? keyColumn,
        string idColumn,
        bool descending,
        PageRequest request,
        int pageSize,
        Func<System.Data.Common.DbDataReader, Keyed<TRow>> read,
        CancellationToken cancellationToken)
    {
        var backwards = request.Before is not null || (request.Last && request.After is null);
        var cursor = Decode(request.After ?? request.Before);
        sql.Append(Seek(sql, keyColumn, idColumn, descending, request, pageSize));
        var rows = await sql.ReadAsync(read, cancellationToken);
        return ToPage(rows, backwards, cursor is not null, request, pageSize);
    }

    /// <summary>
    /// The cursor condition (starting with AND), order and limit of one page, for a hand-written statement; a statement
    /// whose rows come from several index ranges can seek each range to the page before joining them.
    /// </summary>
    public static string Seek(SqlStatement sql, string? keyColumn, string idColumn, bool descending, PageRequest request, int pageSize)
    {
        var backwards = request.Before is not null || (request.Last && request.After is null);
        var cursor = Decode(request.After ?? request.Before);
        var text = new StringBuilder();
        if (cursor is not null)
        {
            var beyond = descending == backwards ? " > " : " < ";
            var id = sql.Value(cursor.Value.Id);
            if (keyColumn is null)
            {
                text.Append(" AND " + idColumn + beyond + id);
            }
            else
            {
                var key = sql.Value(cursor.Value.Key);
                text.Append(" AND (" + keyColumn + beyond + key + " OR (" + keyColumn + " = " + key + " AND " + idColumn + beyond + id + "))");
            }
        }

        // The count is written into the statement, not bound: SQLite ran the phone search almost twice as long with LIMIT @p.
        var order = descending != backwards ? " DESC" : "";
        text.Append(" ORDER BY " + (keyColumn is null ? "" : keyColumn + order + ", ") + idColumn + order + " LIMIT " + (pageSize + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return text.ToString();
    }

    private static KeysetPage<TRow> ToPage<TRow>(List<Keyed<TRow>> rows, bool backwards, bool fromCursor, PageRequest request, int pageSize)
    {
        var more = rows.Count > pageSize;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        if (backwards)
        {
            rows.Reverse();
        }

        var hasPrevious = backwards ? more : fromCursor;
        var hasNext = backwards ? request.Before is not null : more;
        return new KeysetPage<TRow>(rows.Select(r => r.Row).ToList(), hasPrevious, hasNext,
            rows.Count > 0 ? Encode(rows[0].Key ?? "", rows[0].Id) : null,
            rows.Count > 0 ? Encode(rows[^1].Key ?? "", rows[^1].Id) : null);
    }

    /// <summary>A projected row with the values its cursor is made of.</summary>
    public sealed class Keyed<TRow>
    {
        public string? Key { get; init; }

        public Guid Id { get; init; }

        public required TRow Row { get; init; }
    }

    /// <summary>
    /// The keyed projection, built once per (sort key, projection) pair when callers pass the same expression instances
    /// (static fields): rebuilding expression trees on every request was a measurable part of a list page's time.
    /// </summary>
    private static Expression<Func<TEntity, Keyed<TRow>>> WithKeyCached<TEntity, TRow>(Expression<Func<TEntity, string>>? sortKey, Expression<Func<TEntity, TRow>> projection)
        where TEntity : Entity
    {
        var bySortKey = KeyedProjections<TEntity, TRow>.Cache.GetOrCreateValue(projection);
        object slot = sortKey ?? (object)bySortKey;
        lock (bySortKey)
        {
            if (!bySortKey.TryGetValue(slot, out var keyed))
            {
                keyed = WithKey(sortKey, projection);
                if (bySortKey.Count < 16)
                {
                    bySortKey.Add(slot, keyed);
                }
            }

            return keyed;
        }
    }

    private static class KeyedProjections<TEntity, TRow>
        where TEntity : Entity
    {
        public static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Expression<Func<TEntity, TRow>>, Dictionary<object, Expression<Func<TEntity, Keyed<TRow>>>>> Cache = new();
    }

    private static class ById<T>
        where T : Entity
    {
        public static readonly Expression<Func<T, Guid>> Id = e => e.Id;
    }

    private static Expression<Func<TEntity, Keyed<TRow>>> WithKey<TEntity, TRow>(Expression<Func<TEntity, string>>? sortKey, Expression<Func<TEntity, TRow>> projection)
        where TEntity : Entity
    {
        var entity = projection.Parameters[0];
        var type = typeof(Keyed<TRow>);
        var bindings = new List<MemberBinding>
        {
            Expression.Bind(type.GetProperty(nameof(Keyed<TRow>.Id))!, Expression.Property(entity, nameof(Entity.Id))),
            Expression.Bind(type.GetProperty(nameof(Keyed<TRow>.Row))!, projection.Body),
        };
        if (sortKey is not null)
        {
            bindings.Add(Expression.Bind(type.GetProperty(nameof(Keyed<TRow>.Key))!, new ReplaceParameter(sortKey.Parameters[0], entity).Visit(sortKey.Body)!));
        }

        return Expression.Lambda<Func<TEntity, Keyed<TRow>>>(Expression.MemberInit(Expression.New(type), bindings), entity);
    }

    public static string Encode(string key, Guid id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(key + "\n" + id.ToString("N"))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (string Key, Guid Id)? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            var split = text.LastIndexOf('\n');
            return split >= 0 && Guid.TryParseExact(text[(split + 1)..], "N", out var id) ? (text[..split], id) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static IQueryable<T> Order<T>(IQueryable<T> query, Expression<Func<T, string>>? sortKey, bool descending)
        where T : Entity
    {
        if (sortKey is null)
        {
            return descending ? query.OrderByDescending(ById<T>.Id) : query.OrderBy(ById<T>.Id);
        }

        return descending
            ? query.OrderByDescending(sortKey).ThenByDescending(ById<T>.Id)
            : query.OrderBy(sortKey).ThenBy(ById<T>.Id);
    }

    /// <summary>(key, id) &gt; (k, i) when <paramref name="greater"/>, else &lt;, written so each database can seek an index.</summary>
    private static Expression<Func<T, bool>> Beyond<T>(Expression<Func<T, string>>? sortKey, string key, Guid id, bool greater)
        where T : Entity
    {
        var row = Expression.Parameter(typeof(T), "row");
        var idValue = new Boxed<Guid>(id);
        var idCompare = Expression.Call(Expression.Property(row, nameof(Entity.Id)), typeof(Guid).GetMethod(nameof(Guid.CompareTo), [typeof(Guid)])!,
            Expression.Property(Expression.Constant(idValue), nameof(Boxed<Guid>.Value)));
        var zero = Expression.Constant(0);
        Expression idBeyond = greater ? Expression.GreaterThan(idCompare, zero) : Expression.LessThan(idCompare, zero);
        if (sortKey is null)
        {
            return Expression.Lambda<Func<T, bool>>(idBeyond, row);
        }

        var keyValue = Expression.Property(Expression.Constant(new Boxed<string>(key)), nameof(Boxed<string>.Value));
        var rowKey = new ReplaceParameter(sortKey.Parameters[0], row).Visit(sortKey.Body)!;
        var keyCompare = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, rowKey, keyValue);
        Expression keyBeyond = greater ? Expression.GreaterThan(keyCompare, zero) : Expression.LessThan(keyCompare, zero);
        var sameKey = Expression.Equal(rowKey, keyValue);
        return Expression.Lambda<Func<T, bool>>(Expression.OrElse(keyBeyond, Expression.AndAlso(sameKey, idBeyond)), row);
    }

    /// <summary>Holds a value so EF Core sends it as a parameter (one cached plan) rather than a literal.</summary>
    private sealed class Boxed<TValue>(TValue value)
    {
        public TValue Value { get; } = value;
    }

    private sealed class ReplaceParameter(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
