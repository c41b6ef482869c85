using Crm.Modules.Workflow.Domain;
using Crm.Modules.Workflow.Features;
using Crm.SharedKernel.Localization;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Workflow.Web;

/// <summary>Shows a stored log text (<see cref="LogText"/>) in the reader's language: instants as dates, fields and record types by their labels.</summary>
public sealed class LogDetails(IStringLocalizer<WorkflowResources> l, IDisplayFormatter format, SchemaLabels labels, WorkflowValidator schemas)
{
    public string Show(string? stored, string recordType)
    {
        if (LogText.Read(stored) is not { } text)
        {
            return stored ?? "";
        }

        var schema = schemas.Schema(recordType);
        var arguments = text.Arguments.Select(a => (object)Argument(a, schema)).ToArray();
        return l[text.Key, arguments];
    }

    private string Argument(string argument, SharedKernel.Records.RecordSchema? schema) => argument switch
    {
        _ when argument.StartsWith("@d:", StringComparison.Ordinal) && DateTime.TryParse(argument[3..], System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.RoundtripKind, out var at) => format.DateTime(at.ToUniversalTime()),
        _ when argument.StartsWith("@f:", StringComparison.Ordinal) => schema is null ? argument[3..] : labels.Field(schema, argument[3..]),
        _ when argument.StartsWith("@k:", StringComparison.Ordinal) => l[argument[3..]],
        _ when argument.StartsWith("@t:", StringComparison.Ordinal) => labels.Type(argument[3..]),
        _ => argument,
    };
}
