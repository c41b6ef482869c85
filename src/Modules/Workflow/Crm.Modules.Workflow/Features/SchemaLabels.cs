using Crm.SharedKernel.Records;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Workflow.Features;

/// <summary>Record types', fields' and choices' labels in the reader's language, from the owning module's resources.</summary>
public sealed class SchemaLabels(IStringLocalizerFactory factory)
{
    public string Type(RecordSchema schema) => Of(schema)[schema.LabelKey];

    public string Field(RecordSchema schema, RecordField field) => Of(schema)[field.LabelKey];

    public string Field(RecordSchema schema, string name) => schema.Field(name) is { } field ? Field(schema, field) : name;

    /// <summary>A choice's label ("New" for Status_New), or the value as it is when the field has no such choice.</summary>
    public string Value(RecordSchema schema, string field, string? value)
    {
        if (value is null || schema.Field(field) is not { ChoicePrefix: { } prefix, ChoiceType: { } type }
            || Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, value.Trim(), StringComparison.OrdinalIgnoreCase)) is not { } name)
        {
            return value ?? "";
        }

        return Of(schema)[prefix + name];
    }

    public IReadOnlyList<(string Value, string Label)> Choices(RecordSchema schema, RecordField field) =>
        field is { ChoiceType: { } type, ChoicePrefix: { } prefix } ? [.. Enum.GetNames(type).Select(n => (n, (string)Of(schema)[prefix + n]))] : [];

    private IStringLocalizer Of(RecordSchema schema) => factory.Create(schema.ResourceType);
}
