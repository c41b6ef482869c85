using System.Globalization;
using Crm.Modules.Workflow.Domain;
using Crm.SharedKernel.Records;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Workflow.Features;

/// <summary>
/// Checks a definition against its record type's schema before it is saved: fields that exist, values that fit them,
/// texts within bounds whose placeholders name real fields, waits for a condition that have a time-out, and no step that
/// can never be reached. Messages are in the reader's language and never repeat what was typed at length.
/// </summary>
public sealed class WorkflowValidator(IEnumerable<RecordSchema> schemas, SchemaLabels labels, IStringLocalizer<WorkflowResources> l)
{
    public const int MaxSteps = 100;
    public const int MaxDepth = 5;
    public const int MaxJsonLength = 64 * 1024;
    public const int MaxAmount = 3650;
    public const int MaxRounds = 100;

    public RecordSchema? Schema(string recordType) => schemas.FirstOrDefault(s => s.Type == recordType);

    public IReadOnlyList<RecordSchema> Schemas => [.. schemas];

    public List<string> Validate(string namePersian, string nameEnglish, string recordType, WorkflowDefinition definition)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(namePersian) || string.IsNullOrWhiteSpace(nameEnglish))
        {
            errors.Add(l["Error_Names"]);
        }
        else if (namePersian.Length > Domain.Workflow.NameMaxLength || nameEnglish.Length > Domain.Workflow.NameMaxLength)
        {
            errors.Add(l["Error_NameLength", Domain.Workflow.NameMaxLength]);
        }

        if (Schema(recordType) is not { } schema)
        {
            errors.Add(l["Error_RecordType"]);
            return errors;
        }

        var trigger = definition.Trigger;
        if (trigger.Kind == TriggerKind.Updated && !string.IsNullOrEmpty(trigger.Field))
        {
            if (schema.Field(trigger.Field) is not { } field)
            {
                errors.Add(l["Error_UnknownField"]);
            }
            else if (!string.IsNullOrEmpty(trigger.To) && !Fits(field, trigger.To))
            {
                errors.Add(l["Error_Value", Label(schema, field)]);
            }
        }

        CheckTrigger(trigger, schema, errors);
        CheckGroup(definition.Conditions, schema, errors, 0);
        var all = definition.AllSteps().ToList();
        if (all.Count == 0)
        {
            errors.Add(l["Error_NoSteps"]);
        }
        else if (all.Count > MaxSteps)
        {
            errors.Add(l["Error_TooManySteps", MaxSteps]);
        }

        CheckSteps(definition.Steps, schema, errors, 0);
        return [.. errors.Distinct()];
    }

    private void CheckTrigger(TriggerSpec trigger, RecordSchema schema, List<string> errors)
    {
        switch (trigger.Kind)
        {
            case TriggerKind.DateReached:
                if (trigger.Field is null || schema.Field(trigger.Field) is not { Kind: FieldKind.Date })
                {
                    errors.Add(l["Error_DateField"]);
                }

                if (trigger.Amount is < 0 or > MaxAmount)
                {
                    errors.Add(l["Error_Amount", MaxAmount]);
                }

                if (trigger.Before && trigger.Working)
                {
                    errors.Add(l["Error_BeforeWorking"]);
                }

                break;
            case TriggerKind.Schedule:
                if (ScheduledTriggers.Parse(trigger.Cron) is null || trigger.Cron!.Length > 100)
                {
                    errors.Add(l["Error_Cron"]);
                }
                else if (TooOften(trigger.Cron))
                {
                    errors.Add(l["Error_CronOften"]);
                }

                break;
            case TriggerKind.Event:
                if (schema.Events.All(e => e.Name != trigger.Event))
                {
                    errors.Add(l["Error_Event"]);
                }

                break;
        }
    }

    /// <summary>A schedule that would sweep every record more than once an hour: too costly for what a schedule is for.</summary>
    private static bool TooOften(string cron)
    {
        var parsed = ScheduledTriggers.Parse(cron)!;
        var from = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        return parsed.GetOccurrences(from, from.AddDays(2)).Take(49).Count() > 48;
    }

    private void CheckSteps(List<StepSpec> steps, RecordSchema schema, List<string> errors, int depth)
    {
        if (depth > MaxDepth)
        {
            errors.Add(l["Error_TooDeep", MaxDepth]);
            return;
        }

        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var number = i + 1;
            if (step.Kind == StepKind.Stop && i < steps.Count - 1)
            {
                errors.Add(l["Error_AfterStop", number]);
            }

            if (step.Amount is < 0 or > MaxAmount)
            {
                errors.Add(l["Error_Amount", MaxAmount]);
            }

            switch (step.Kind)
            {
                case StepKind.CreateTask:
                    Text(step.Subject, 200, "Error_Subject", schema, errors, required: true);
                    Text(step.Text, 2000, "Error_Text", schema, errors, required: false);
                    CheckRecipient(step, errors);
                    CheckTags(step, errors);
                    if (step.To == Recipient.Customer)
                    {
                        CheckCustomerTask(step, schema, errors);
                    }

                    break;
                case StepKind.Approval:
                    Text(step.Subject, 200, "Error_Subject", schema, errors, required: true);
                    Text(step.Text, 2000, "Error_Text", schema, errors, required: false);
                    CheckRecipient(step, errors);
                    CheckTags(step, errors);
                    CheckSteps(step.Then, schema, errors, depth + 1);
                    CheckSteps(step.Else, schema, errors, depth + 1);
                    break;
                case StepKind.SetField:
                    if (step.Field is null || schema.Field(step.Field) is not { Settable: true } settable)
                    {
                        errors.Add(l["Error_SettableField"]);
                    }
                    else if (Conditions.PlaceholdersIn(step.Value).Any() ? false : !Fits(settable, step.Value))
                    {
                        errors.Add(l["Error_Value", Label(schema, settable)]);
                    }

                    break;
                case StepKind.Repeat:
                    if (step.Condition is not { IsEmpty: false } stopWhen)
                    {
                        errors.Add(l["Error_RepeatCondition"]);
                    }
                    else
                    {
                        CheckGroup(stopWhen, schema, errors, 0);
                    }

                    if (step.Amount <= 0 || step.Times is < 1 or > MaxRounds)
                    {
                        errors.Add(l["Error_RepeatRounds", MaxRounds]);
                    }

                    if (step.Then.Count == 0)
                    {
                        errors.Add(l["Error_RepeatSteps"]);
                    }

                    CheckSteps(step.Then, schema, errors, depth + 1);
                    break;
                case StepKind.CreateRecord:
                    if (Schema(step.RecordType ?? "") is not { } opened || !opened.OpensFor.Contains(schema.Type))
                    {
                        errors.Add(l["Error_CreateRecordType"]);
                    }

                    Text(step.Subject, 200, "Error_Subject", schema, errors, required: false);
                    break;
                case StepKind.AddTag or StepKind.RemoveTag:
                    if (step.Tags.Count == 0)
                    {
                        errors.Add(l["Error_Tags"]);
                    }

                    CheckTags(step, errors);
                    break;
                case StepKind.SendSms or StepKind.SendEmail:
                    if (step.Field is not null && schema.Field(step.Field) is not { Kind: FieldKind.Text })
                    {
                        errors.Add(l["Error_UnknownField"]);
                    }

                    if (step.Kind == StepKind.SendEmail)
                    {
                        Text(step.Subject, 200, "Error_Subject", schema, errors, required: true);
                    }

                    Text(step.Text, step.Kind == StepKind.SendSms ? 1000 : 10000, "Error_Text", schema, errors, required: true);
                    break;
                case StepKind.Notify:
                    Text(step.Text, 500, "Error_Text", schema, errors, required: true);
                    CheckRecipient(step, errors);
                    break;
                case StepKind.Wait:
                    if (step.Condition is { IsEmpty: false } until)
                    {
                        CheckGroup(until, schema, errors, 0);
                        if (step.Amount <= 0)
                        {
                            errors.Add(l["Error_WaitTimeout"]);
                        }
                    }
                    else if (step.Amount <= 0)
                    {
                        errors.Add(l["Error_WaitAmount"]);
                    }

                    break;
                case StepKind.If:
                    if (step.Condition is not { IsEmpty: false } condition)
                    {
                        errors.Add(l["Error_IfCondition"]);
                    }
                    else
                    {
                        CheckGroup(condition, schema, errors, 0);
                    }

                    CheckSteps(step.Then, schema, errors, depth + 1);
                    CheckSteps(step.Else, schema, errors, depth + 1);
                    break;
            }
        }
    }

    private void CheckGroup(ConditionGroup group, RecordSchema schema, List<string> errors, int depth)
    {
        if (depth > 2)
        {
            errors.Add(l["Error_TooDeep", 2]);
            return;
        }

        if (group.Rules.Count > 30)
        {
            errors.Add(l["Error_TooManyRules", 30]);
        }

        foreach (var rule in group.Rules)
        {
            if (schema.Field(rule.Field) is not { } field)
            {
                errors.Add(l["Error_UnknownField"]);
                continue;
            }

            if (rule.Operator == ConditionOperator.HasTag)
            {
                if (string.IsNullOrWhiteSpace(rule.Value) || rule.Value.Length > 40)
                {
                    errors.Add(l["Error_TagLength", 1, 40]);
                }

                continue;
            }

            var needsValue = rule.Operator is not (ConditionOperator.Empty or ConditionOperator.NotEmpty or ConditionOperator.Changed);
            if (needsValue && string.IsNullOrWhiteSpace(rule.Value))
            {
                errors.Add(l["Error_RuleValue", Label(schema, field)]);
            }
            else if (rule.Operator is ConditionOperator.Greater or ConditionOperator.Less && field.Kind is not (FieldKind.Number or FieldKind.Date))
            {
                errors.Add(l["Error_Compare", Label(schema, field)]);
            }
            else if ((rule.Value?.Length ?? 0) > 500)
            {
                errors.Add(l["Error_RuleValue", Label(schema, field)]);
            }
        }

        foreach (var inner in group.Groups)
        {
            CheckGroup(inner, schema, errors, depth + 1);
        }
    }

    /// <summary>A task for the customer needs a record type that has one, and a form to fill when it asks for one.</summary>
    private void CheckCustomerTask(StepSpec step, RecordSchema schema, List<string> errors)
    {
        if (schema.CustomerField is null)
        {
            errors.Add(l["Error_NoCustomer"]);
        }

        if (!Enum.IsDefined(step.Ask) || (step.Ask == CustomerAsk.Form && step.Form is not { Length: > 0 and <= 24 }))
        {
            errors.Add(l["Error_TaskForm"]);
        }
    }

    private void CheckRecipient(StepSpec step, List<string> errors)
    {
        if (step.To == Recipient.Customer && step.Kind != StepKind.CreateTask)
        {
            errors.Add(l["Error_CustomerOnlyTask"]);
        }

        if (step.To == Recipient.User && step.UserId is null)
        {
            errors.Add(l["Error_User"]);
        }

        if (step.To == Recipient.Role && string.IsNullOrWhiteSpace(step.Role))
        {
            errors.Add(l["Error_Role"]);
        }

        if (step.Progress is < 0 or > 100)
        {
            errors.Add(l["Error_Progress"]);
        }
    }

    private void CheckTags(StepSpec step, List<string> errors)
    {
        if (step.Tags.Count > 10 || step.Tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > 40))
        {
            errors.Add(l["Error_TagLength", 10, 40]);
        }
    }

    private void Text(string? text, int max, string errorKey, RecordSchema schema, List<string> errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors.Add(l[errorKey, max]);
            }

            return;
        }

        if (text.Length > max)
        {
            errors.Add(l[errorKey, max]);
        }

        foreach (var name in Conditions.PlaceholdersIn(text).Distinct())
        {
            if (schema.Field(name) is null)
            {
                errors.Add(l["Error_Placeholder", name]);
            }
        }
    }

    /// <summary>Whether a typed value fits a field: a choice among its enum's names, a number, a date, or any text.</summary>
    private static bool Fits(RecordField field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        return field.Kind switch
        {
            FieldKind.Choice => field.ChoiceType is { } type && Enum.GetNames(type).Contains(value.Trim(), StringComparer.OrdinalIgnoreCase),
            FieldKind.Number => decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _),
            FieldKind.Date => DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            FieldKind.User or FieldKind.Lookup or FieldKind.Team => Guid.TryParse(value, out _),
            FieldKind.Flag => bool.TryParse(value, out _),
            _ => value.Length <= 500,
        };
    }

    private string Label(RecordSchema schema, RecordField field) => labels.Field(schema, field);
}
