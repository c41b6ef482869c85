using Microsoft.EntityFrameworkCore;

namespace Crm.SharedKernel.Text;

/// <summary>
/// Checks typed text against the column it is stored in, reading the limit from the model so the form's rule and the
/// database's can never disagree (SQLite would store any length; PostgreSQL would refuse it with an error).
/// </summary>
public static class FieldLengths
{
    public static int? MaxLength<TEntity>(this DbContext db, string property) =>
        db.Model.FindEntityType(typeof(TEntity))?.FindProperty(property)?.GetMaxLength();

    /// <summary>Adds <paramref name="message"/>(limit) under <paramref name="field"/> when <paramref name="value"/> is longer than the column.</summary>
    public static void CheckLength<TEntity>(this DbContext db, IDictionary<string, string> errors, string field, string? value, string property, Func<int, string> message)
    {
        if (value is not null && db.MaxLength<TEntity>(property) is { } max && value.Trim().Length > max)
        {
            errors.TryAdd(field, message(max));
        }
    }
}
