using Crm.Modules.Identity.Contracts;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Workflow.Features;

/// <summary>
/// Record types', fields', events' and values' labels in the reader's language, from the owning module's resources.
/// Values of fields that point at rows (a stage, a user) are named once <see cref="PrepareAsync"/> has read their lists.
/// </summary>
public sealed class SchemaLabels(IStringLocalizerFactory factory, RecordDirectory records, IEnumerable<RecordSchema> schemas, IMediator mediator)
{
    private readonly Dictionary<(string Type, string Field), IReadOnlyList<RecordChoice>> _lookups = [];

    private IReadOnlyList<RecordChoice>? _users;

    private IReadOnlyList<RecordChoice>? _teams;

    /// <summary>Reads the choices of the schemas' lookup and user fields, once per request.</summary>
    public async Task PrepareAsync(IEnumerable<RecordSchema> schemas, CancellationToken cancellationToken)
    {
        foreach (var schema in schemas)
        {
            foreach (var field in schema.Fields)
            {
                if (field.Kind == FieldKind.Lookup && !_lookups.ContainsKey((schema.Type, field.Name)))
                {
                    _lookups[(schema.Type, field.Name)] = records.Find(schema.Type) is { } type ? await type.ChoicesAsync(field.Name, cancellationToken) : [];
                }
                else if (field.Kind == FieldKind.User && _users is null)
                {
                    _users = [.. (await mediator.Send(new ListUsers(ActiveOnly: false), cancellationToken)).Select(u => new RecordChoice(u.Id.ToString(), u.DisplayName))];
                }
                else if (field.Kind == FieldKind.Team && _teams is null)
                {
                    _teams = [.. (await mediator.Send(new ListTeams(), cancellationToken)).Select(t => new RecordChoice(t.Id.ToString(), t.Name))];
                }
            }
        }
    }

    public string Type(RecordSchema schema) => Of(schema)[schema.LabelKey];

    /// <summary>A record type's label by its name; the name itself for a type that publishes no schema.</summary>
    public string Type(string type) => schemas.FirstOrDefault(s => s.Type == type) is { } schema ? Type(schema) : type;

    public string Field(RecordSchema schema, RecordField field) => Of(schema)[field.LabelKey];

    public string Field(RecordSchema schema, string name) => schema.Field(name) is { } field ? Field(schema, field) : name;

    public string Event(RecordSchema schema, string? name) =>
        schema.Events.FirstOrDefault(e => e.Name == name) is { } found ? Of(schema)[found.LabelKey] : name ?? "";

    /// <summary>A choice's label ("New" for Status_New, a stage's name), or the value as it is when the field has no such choice.</summary>
    public string Value(RecordSchema schema, string field, string? value)
    {
        if (value is null || schema.Field(field) is not { } known)
        {
            return value ?? "";
        }

        var trimmed = value.Trim();
        return Choices(schema, known).FirstOrDefault(c => string.Equals(c.Value, trimmed, StringComparison.OrdinalIgnoreCase)) is { Label: { } label } ? label : value;
    }

    public IReadOnlyList<(string Value, string Label)> Choices(RecordSchema schema, RecordField field) => field switch
    {
        { ChoiceType: { } type, ChoicePrefix: { } prefix } => [.. Enum.GetNames(type).Select(n => (n, (string)Of(schema)[prefix + n]))],
        { Kind: FieldKind.Lookup } => [.. (_lookups.GetValueOrDefault((schema.Type, field.Name)) ?? []).Select(c => (c.Value, c.Label))],
        { Kind: FieldKind.User } => [.. (_users ?? []).Select(c => (c.Value, c.Label))],
        { Kind: FieldKind.Team } => [.. (_teams ?? []).Select(c => (c.Value, c.Label))],
        _ => [],
    };

    private IStringLocalizer Of(RecordSchema schema) => factory.Create(schema.ResourceType);
}
