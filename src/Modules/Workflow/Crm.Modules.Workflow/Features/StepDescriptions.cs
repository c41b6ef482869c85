using Crm.Modules.Identity.Contracts;
using Crm.Modules.Workflow.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Time;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Workflow.Features;

/// <summary>A line of the flow: a step (or the trigger and conditions) in words, at its depth in the branches.</summary>
public sealed record FlowLine(int Depth, string Icon, string Title, string Text, bool? Taken = null);

/// <summary>
/// Definitions in words, for the diagram and the dry run: the same sentences, with a dry run's placeholders filled from
/// a real record and its waits and branches worked out.
/// </summary>
public sealed class StepDescriptions(SchemaLabels labels, IMediator mediator, IWorkingCalendarSource calendars, IClock clock, IDisplayFormatter format,
    IStringLocalizer<WorkflowResources> l)
{
    public string Trigger(RecordSchema schema, TriggerSpec trigger) => trigger.Kind switch
    {
        TriggerKind.Created => l["Trigger_CreatedText", labels.Type(schema)],
        TriggerKind.Manual => l["Trigger_ManualText", labels.Type(schema)],
        TriggerKind.DateReached => l[trigger.Amount == 0 ? "Trigger_DateText" : trigger.Before ? "Trigger_BeforeDateText" : "Trigger_AfterDateText",
            labels.Field(schema, trigger.Field ?? ""), Span(trigger.Amount, trigger.Unit, trigger.Working && !trigger.Before)],
        TriggerKind.Schedule => l["Trigger_ScheduleText", trigger.Cron ?? "", labels.Type(schema)],
        TriggerKind.Event => l["Trigger_EventText", labels.Event(schema, trigger.Event)],
        _ when string.IsNullOrEmpty(trigger.Field) => l["Trigger_UpdatedText", labels.Type(schema)],
        _ when string.IsNullOrEmpty(trigger.To) => l["Trigger_FieldText", labels.Field(schema, trigger.Field!)],
        _ => l["Trigger_FieldToText", labels.Field(schema, trigger.Field!), labels.Value(schema, trigger.Field!, trigger.To)],
    };

    public string Condition(RecordSchema schema, ConditionGroup group)
    {
        var parts = group.Rules.Select(r => l["Op_Text_" + r.Operator, labels.Field(schema, r.Field), labels.Value(schema, r.Field, r.Value)].Value)
            .Concat(group.Groups.Where(g => !g.IsEmpty).Select(g => "(" + Condition(schema, g) + ")"));
        return string.Join(group.Any ? l["Join_Or"] : l["Join_And"], parts);
    }

    /// <summary>The whole flow in words; with <paramref name="values"/> (a dry run), the branches the record takes are marked.</summary>
    public async Task<List<FlowLine>> FlowAsync(RecordSchema schema, WorkflowDefinition definition, IReadOnlyDictionary<string, object?>? values,
        CancellationToken cancellationToken)
    {
        await labels.PrepareAsync([schema], cancellationToken);
        var lines = new List<FlowLine> { new(0, "lightning", l["Flow_Trigger"], Trigger(schema, definition.Trigger)) };
        if (!definition.Conditions.IsEmpty)
        {
            bool? holds = values is null ? null : Conditions.Holds(definition.Conditions, values, new Dictionary<string, string?>());
            lines.Add(new(0, "funnel", l["Flow_Conditions"], Condition(schema, definition.Conditions), holds));
        }

        await StepsAsync(schema, definition.Steps, values, 0, true, lines, cancellationToken);
        return lines;
    }

    private async Task StepsAsync(RecordSchema schema, List<StepSpec> steps, IReadOnlyDictionary<string, object?>? values, int depth, bool taken,
        List<FlowLine> lines, CancellationToken cancellationToken)
    {
        foreach (var step in steps)
        {
            var text = await TextAsync(schema, step, values, cancellationToken);
            bool? mark = values is null ? null : taken;
            if (step.Kind == StepKind.Approval)
            {
                lines.Add(new(depth, Icon(step.Kind), l["Step_Approval"], text, mark));
                lines.Add(new(depth + 1, "check2", l["Flow_Approved"], "", mark));
                await StepsAsync(schema, step.Then, values, depth + 2, taken, lines, cancellationToken);
                lines.Add(new(depth + 1, "x", l["Flow_Rejected"], "", mark));
                await StepsAsync(schema, step.Else, values, depth + 2, taken, lines, cancellationToken);
                continue;
            }

            if (step.Kind == StepKind.Repeat)
            {
                // A dry run shows the first round: the block runs unless the record already meets the end condition.
                bool? over = values is null ? null : Conditions.Holds(step.Condition ?? new(), values, new Dictionary<string, string?>());
                lines.Add(new(depth, Icon(step.Kind), l["Step_Repeat"], text, mark));
                await StepsAsync(schema, step.Then, values, depth + 1, taken && over != true, lines, cancellationToken);
                continue;
            }

            if (step.Kind != StepKind.If)
            {
                lines.Add(new(depth, Icon(step.Kind), l["Step_" + step.Kind], text, mark));
                continue;
            }

            bool? holds = values is null ? null : Conditions.Holds(step.Condition ?? new(), values, new Dictionary<string, string?>());
            lines.Add(new(depth, Icon(step.Kind), l["Step_If"], text, mark));
            lines.Add(new(depth + 1, "check2", l["Flow_Then"], "", values is null ? null : taken && holds == true));
            await StepsAsync(schema, step.Then, values, depth + 2, taken && holds != false, lines, cancellationToken);
            if (step.Else.Count > 0)
            {
                lines.Add(new(depth + 1, "x", l["Flow_Else"], "", values is null ? null : taken && holds == false));
                await StepsAsync(schema, step.Else, values, depth + 2, taken && holds != true, lines, cancellationToken);
            }
        }
    }

    private async Task<string> TextAsync(RecordSchema schema, StepSpec step, IReadOnlyDictionary<string, object?>? values, CancellationToken cancellationToken)
    {
        string Fill(string? text) => values is null ? text ?? "" : Conditions.Fill(text ?? "", values);
        return step.Kind switch
        {
            StepKind.Approval => l["Text_Approval", Fill(step.Subject), await WhoAsync(step, values, cancellationToken), step.Amount > 0 ? await DueAsync(step, values, cancellationToken) : l["Text_NoTimeOut"].Value],
            StepKind.CreateTask when step.WaitUntilDone => l["Text_TaskWait", l["Activity_" + (step.ActivityKind ?? "Task")], Fill(step.Subject), await WhoAsync(step, values, cancellationToken), await DueAsync(step, values, cancellationToken)],
            StepKind.CreateTask when step.OnlyIfNoneOpen => l["Text_TaskIfNone", l["Activity_" + (step.ActivityKind ?? "Task")], Fill(step.Subject), await WhoAsync(step, values, cancellationToken), await DueAsync(step, values, cancellationToken)],
            StepKind.CreateTask => l["Text_Task", l["Activity_" + (step.ActivityKind ?? "Task")], Fill(step.Subject), await WhoAsync(step, values, cancellationToken), await DueAsync(step, values, cancellationToken)]
                + (step.Progress > 0 ? " " + l["Text_Progress", format.Number(step.Progress)] : ""),
            StepKind.SetField => l["Text_SetField", labels.Field(schema, step.Field ?? ""), labels.Value(schema, step.Field ?? "", Fill(step.Value))],
            StepKind.AddTag => l["Text_AddTag", string.Join("، ", step.Tags.Select(Fill))],
            StepKind.RemoveTag => l["Text_RemoveTag", string.Join("، ", step.Tags.Select(Fill))],
            StepKind.CloseTasks => l["Text_CloseTasks"],
            StepKind.CreateRecord => string.IsNullOrWhiteSpace(step.Subject)
                ? l["Text_CreateRecordPlain", labels.Type(step.RecordType ?? "")]
                : l["Text_CreateRecord", labels.Type(step.RecordType ?? ""), Fill(step.Subject)],
            StepKind.AssignOwner => await AssigneeAsync(step, cancellationToken),
            StepKind.Repeat => l["Text_Repeat", Span(step.Amount, step.Unit, step.Working), format.Number(step.Times), Condition(schema, step.Condition ?? new())],
            StepKind.SendSms or StepKind.SendEmail => l["Text_Send", To(schema, step, values), Shorten(Fill(step.Kind == StepKind.SendEmail ? step.Subject : step.Text))],
            StepKind.Notify => l["Text_Notify", await WhoAsync(step, values, cancellationToken), Shorten(Fill(step.Text))],
            StepKind.Wait when step.Condition is { IsEmpty: false } until => l["Text_WaitUntil", Condition(schema, until), await DueAsync(step, values, cancellationToken)],
            StepKind.Wait => l["Text_Wait", await DueAsync(step, values, cancellationToken)],
            StepKind.If => Condition(schema, step.Condition ?? new()),
            _ => l["Text_Stop"],
        };
    }

    private string To(RecordSchema schema, StepSpec step, IReadOnlyDictionary<string, object?>? values)
    {
        var field = step.Field ?? (step.Kind == StepKind.SendSms ? "Mobile" : "Email");
        return values is null ? labels.Field(schema, field) : Conditions.Text(values.GetValueOrDefault(field)) is { Length: > 0 } address ? address : l["Text_NoAddress", labels.Field(schema, field)];
    }

    private async Task<string> WhoAsync(StepSpec step, IReadOnlyDictionary<string, object?>? values, CancellationToken cancellationToken)
    {
        var id = step.To switch
        {
            Recipient.User => step.UserId,
            Recipient.Customer => null,
            _ => values?.GetValueOrDefault("OwnerId") as Guid?,
        };
        if (id is { } userId && await mediator.Send(new GetUserSummary(userId), cancellationToken) is { } user)
        {
            return user.DisplayName;
        }

        return step.To switch
        {
            Recipient.User => l["Who_User"],
            Recipient.TeamLeader => l["Who_TeamLeader"],
            Recipient.Role => l["Who_Role", step.Role ?? ""],
            Recipient.Customer => l["Who_Customer"],
            _ => values is null ? l["Who_Owner"] : l["Who_NoOwner"],
        };
    }

    private async Task<string> AssigneeAsync(StepSpec step, CancellationToken cancellationToken)
    {
        if (step.UserId is { } userId)
        {
            return l["Text_AssignUser", (await mediator.Send(new GetUserSummary(userId), cancellationToken))?.DisplayName ?? ""];
        }

        if (step.TeamId is null)
        {
            return l["Text_AssignOwnTeam"];
        }

        var teams = await mediator.Send(new ListTeams(), cancellationToken);
        return l["Text_AssignTeam", teams.FirstOrDefault(t => t.Id == step.TeamId)?.Name ?? ""];
    }

    /// <summary>"1 working hour", "3 days": an amount of time in words, singular for one.</summary>
    private string Span(int amount, TimeUnit unit, bool working) =>
        l[(working ? "Dur_Working" : "Dur_") + unit + (amount == 1 ? "_One" : ""), format.Number(amount)].Value;

    /// <summary>"in 1 working hour" in the diagram; the instant itself in a dry run.</summary>
    private async Task<string> DueAsync(StepSpec step, IReadOnlyDictionary<string, object?>? values, CancellationToken cancellationToken)
    {
        var span = l["Span_In", Span(step.Amount, step.Unit, step.Working)].Value;
        if (values is null)
        {
            return span;
        }

        var due = StepTime.After(step, clock.UtcNow, await calendars.GetAsync(cancellationToken));
        return span + " (" + format.DateTime(due) + ")";
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";

    public static string Icon(StepKind kind) => kind switch
    {
        StepKind.CreateTask => "check2-square",
        StepKind.SetField => "pencil-square",
        StepKind.AddTag => "tag",
        StepKind.SendSms => "chat-dots",
        StepKind.SendEmail => "envelope",
        StepKind.Notify => "bell",
        StepKind.Wait => "hourglass-split",
        StepKind.If => "signpost-split",
        StepKind.Approval => "patch-question",
        StepKind.AssignOwner => "person-check",
        StepKind.RemoveTag => "tag-fill",
        StepKind.Repeat => "arrow-repeat",
        StepKind.CloseTasks => "check2-all",
        StepKind.CreateRecord => "file-earmark-plus",
        _ => "stop-circle",
    };
}
