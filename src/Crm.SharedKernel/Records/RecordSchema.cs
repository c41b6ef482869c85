using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Crm.SharedKernel.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.SharedKernel.Records;

/// <summary>How a record field's values compare and are typed in: the operators and inputs an automation offers.</summary>
public enum FieldKind
{
    Text = 0,
    Number = 1,
    Date = 2,
    /// <summary>One of an enum's values (a status, a source); offered as a list.</summary>
    Choice = 3,
    /// <summary>A user's id (the owner).</summary>
    User = 4,
    Flag = 5,
    /// <summary>One of the module's own rows (a deal's stage or process), offered from <see cref="IRecordType.ChoicesAsync"/>.</summary>
    Lookup = 6,
    /// <summary>A team's id (the record's team), offered from the teams.</summary>
    Team = 7,
}

/// <summary>A value a <see cref="FieldKind.Lookup"/> field can take, with its label in the reader's language.</summary>
public sealed record RecordChoice(string Value, string Label);

/// <summary>
/// A field of a record type that automations read, compare and, when <see cref="Settable"/>, change. Its name is the
/// property of the stored entity; its label is a key in the owning module's resources.
/// </summary>
public sealed record RecordField(string Name, FieldKind Kind, string LabelKey, bool Settable = false)
{
    /// <summary>The enum of a <see cref="FieldKind.Choice"/> field.</summary>
    public Type? ChoiceType { get; init; }

    /// <summary>The resource key prefix of a choice's labels: <c>Status_</c> gives <c>Status_New</c>.</summary>
    public string? ChoicePrefix { get; init; }
}

/// <summary>
/// What a record type offers automations, registered by its module as a singleton: the entity it is stored as (so a save
/// of one is recognised while the save is prepared, in the same transaction), its fields and where their labels are.
/// Values are read from the entity's properties of the same names, as text-free .NET values: strings, numbers, dates,
/// enums as their names, Guids, booleans.
/// </summary>
public sealed class RecordSchema(string type, Type entityType, Type resourceType, IReadOnlyList<RecordField> fields)
{
    private static readonly ConcurrentDictionary<(Type, string), PropertyInfo?> Properties = new();

    public string Type { get; } = type;

    public Type EntityType { get; } = entityType;

    public Type ResourceType { get; } = resourceType;

    public IReadOnlyList<RecordField> Fields { get; } = fields;

    /// <summary>The label key of the record type itself ("RecordType_Lead").</summary>
    public string LabelKey { get; init; } = "";

    /// <summary>The field holding the record's owner, whom tasks and notices go to by default.</summary>
    public string? OwnerField { get; init; } = "OwnerId";

    /// <summary>What the owning module reports happening to records of the type (<see cref="RecordEventOccurred"/>), which workflows can start on.</summary>
    public IReadOnlyList<RecordEventInfo> Events { get; init; } = [];

    /// <summary>The fields an SMS or an email to the record's person goes to when a step names none; null when it has none.</summary>
    public string? MobileField { get; init; } = "Mobile";

    public string? EmailField { get; init; } = "Email";

    /// <summary>
    /// The property holding the id of the contact who is the record's customer (<c>Id</c> for a contact itself), whom a
    /// workflow's portal task goes to; null when the type has none. Read into the values as <see cref="CustomerKey"/>.
    /// </summary>
    public string? CustomerField { get; init; }

    /// <summary>The key of the record's customer's contact id among its values; not a field conditions offer.</summary>
    public const string CustomerKey = "@customer";

    /// <summary>The record types an automation can open a record of this type for (<see cref="IRecordType.OpenForAsync"/>): a deal for a lead, a contact or an organization.</summary>
    public IReadOnlyList<string> OpensFor { get; init; } = [];

    public RecordField? Field(string name) => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    /// <summary>The schema's fields as read from an entity of <see cref="EntityType"/>.</summary>
    public Dictionary<string, object?> ValuesOf(object entity)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in Fields)
        {
            values[field.Name] = Normalize(Property(field.Name)?.GetValue(entity));
        }

        if (CustomerField is not null)
        {
            values[CustomerKey] = Property(CustomerField)?.GetValue(entity);
        }

        return values;
    }

    /// <summary>
    /// Sets a settable field on an entity from its text form (an enum by name or number, a number or date in invariant
    /// form); false with nothing changed when the field is unknown, not settable, or the text does not fit it.
    /// </summary>
    public bool TrySet(object entity, string field, string? text)
    {
        if (Field(field) is not { Settable: true } || Property(field) is not { CanWrite: true } property)
        {
            return false;
        }

        if (!TryConvert(text, property.PropertyType, out var value))
        {
            return false;
        }

        property.SetValue(entity, value);
        return true;
    }

    /// <summary>
    /// Sets a settable field as <see cref="TrySet"/> does, then asks <paramref name="check"/> whether the record is still
    /// valid; when not, the old value is put back. Returns null when set, otherwise why not (in English, for logs).
    /// </summary>
    public string? Set(object entity, string field, string? text, Func<object, string?>? check = null)
    {
        var property = Property(field);
        var before = property?.GetValue(entity);
        if (!TrySet(entity, field, text))
        {
            return $"the field {field} cannot be set to that value";
        }

        if (check?.Invoke(entity) is { } refused)
        {
            property!.SetValue(entity, before);
            return refused;
        }

        return null;
    }

    /// <summary>The fields of the record <paramref name="id"/> among <paramref name="visible"/>; null when it is not there.</summary>
    public async Task<IReadOnlyDictionary<string, object?>?> ReadAsync<T>(IQueryable<T> visible, Guid id, CancellationToken cancellationToken)
        where T : Entity =>
        await visible.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken) is { } entity
            ? ValuesOf(entity)
            : null;

    /// <summary>Gives the record <paramref name="id"/> among <paramref name="visible"/> to another owner (saved by the caller's unit of work).</summary>
    public static async Task<string?> AssignAsync<T>(IQueryable<T> visible, Guid id, Guid ownerId, Guid? teamId, CancellationToken cancellationToken)
        where T : Entity, Security.IReassignable
    {
        if (await visible.FirstOrDefaultAsync(x => x.Id == id, cancellationToken) is not { } record)
        {
            return "the record is not found";
        }

        record.AssignOwner(ownerId, teamId);
        return null;
    }

    /// <summary>A page of <paramref name="visible"/> in id order, with the schema's fields.</summary>
    public async Task<IReadOnlyList<(Guid Id, IReadOnlyDictionary<string, object?> Values)>> PageAsync<T>(IQueryable<T> visible, int skip, int take,
        CancellationToken cancellationToken)
        where T : Entity =>
        [.. (await visible.AsNoTracking().OrderBy(x => x.Id).Skip(skip).Take(take).ToListAsync(cancellationToken))
            .Select(x => (x.Id, (IReadOnlyDictionary<string, object?>)ValuesOf(x)))];

    /// <summary>Sets a field of the record <paramref name="id"/> among <paramref name="visible"/> (tracked, saved by the caller's unit of work).</summary>
    public async Task<string?> SetAsync<T>(IQueryable<T> visible, Guid id, string field, string? text, Func<T, string?>? check, CancellationToken cancellationToken)
        where T : Entity =>
        await visible.FirstOrDefaultAsync(x => x.Id == id, cancellationToken) is { } entity
            ? Set(entity, field, text, check is null ? null : e => check((T)e))
            : "the record is not found";

    /// <summary>Values in the one form conditions compare: enums by name, dates as UTC, everything else as it is.</summary>
    public static object? Normalize(object? value) => value switch
    {
        Enum e => e.ToString(),
        DateOnly d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        DateTime t => t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime(),
        _ => value,
    };

    private PropertyInfo? Property(string name) =>
        Properties.GetOrAdd((EntityType, name), key => key.Item1.GetProperty(key.Item2, BindingFlags.Public | BindingFlags.Instance));

    private static bool TryConvert(string? text, Type type, out object? value)
    {
        value = null;
        var target = Nullable.GetUnderlyingType(type);
        if (string.IsNullOrWhiteSpace(text))
        {
            return target is not null || !type.IsValueType;
        }

        target ??= type;
        var invariant = CultureInfo.InvariantCulture;
        var trimmed = text.Trim();
        if (target == typeof(string))
        {
            value = trimmed;
            return true;
        }

        if (target.IsEnum)
        {
            if (Enum.TryParse(target, trimmed, ignoreCase: true, out var parsed) && Enum.IsDefined(target, parsed))
            {
                value = parsed;
                return true;
            }

            return false;
        }

        (bool Ok, object? Value) result = target switch
        {
            _ when target == typeof(int) => (int.TryParse(trimmed, NumberStyles.Integer, invariant, out var i), i),
            _ when target == typeof(long) => (long.TryParse(trimmed, NumberStyles.Integer, invariant, out var l), l),
            _ when target == typeof(decimal) => (decimal.TryParse(trimmed, NumberStyles.Number, invariant, out var m), m),
            _ when target == typeof(bool) => (bool.TryParse(trimmed, out var b), b),
            _ when target == typeof(Guid) => (Guid.TryParse(trimmed, out var g), g),
            _ when target == typeof(DateOnly) => (DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", invariant, DateTimeStyles.None, out var d), d),
            _ when target == typeof(DateTime) => (DateTime.TryParse(trimmed, invariant, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t), t),
            _ => (false, null),
        };
        value = result.Value;
        return result.Ok;
    }
}

/// <summary>An event a record type reports: its name (as published) and its label's key in the owning module's resources.</summary>
public sealed record RecordEventInfo(string Name, string LabelKey);

/// <summary>
/// Something happened to a record that is not a field's change (an invoice paid in full, a payment overdue), raised by
/// the owning module's entity and published after its save commits; workflows may start on it.
/// </summary>
public sealed record RecordEventOccurred(RecordRef Record, string Event) : Domain.IDomainEvent;

/// <summary>A record field change as a save is being prepared: <see cref="Before"/> holds the old values of the fields that changed.</summary>
public sealed record RecordChange(RecordSchema Schema, Guid Id, bool Created, IReadOnlyDictionary<string, object?> Values, IReadOnlyDictionary<string, object?> Before);

/// <summary>
/// Sees the records of published schemas that a save creates or changes, before the save is written, and may add rows to
/// the same save, so that what it writes commits or rolls back with the change (workflow triggers are captured so; domain
/// events are published after the commit and could be lost in between).
/// </summary>
public interface IRecordChangeObserver
{
    Task ObserveAsync(DbContext db, IReadOnlyList<RecordChange> changes, CancellationToken cancellationToken);
}
