using System.Globalization;
using System.Net;
using System.Text.Json;
using Crm.Modules.Activities.Contracts;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Notifications.Contracts;
using Crm.Modules.Tags.Contracts;
using Crm.Modules.Workflow.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Modules.Workflow.Features;

/// <summary>
/// Executes the next steps of a run the caller has claimed, up to a wait, the end, or a number of steps: their effects,
/// the run's new position and the log lines are saved in one transaction (the unit of work), which the run's version
/// guards, so a step is never done twice. Returns true when the run should go straight on with more steps.
/// </summary>
public sealed record ExecuteWorkflowStep(Guid RunId, Guid Token) : ICommand<bool>;

/// <summary>A step failed: tried again later with a doubling delay, or, past the tries or when retrying cannot help, the run fails and its workflow's owner is told.</summary>
public sealed record RecordStepFailure(Guid RunId, Guid Token, string Error, bool Permanent) : ICommand<bool>;

/// <summary>A step that cannot succeed however often it is tried (the record has no owner, a field refuses the value).</summary>
public sealed class WorkflowStepException(string message) : Exception(message);

/// <summary>When a step's amount of time, in calendar or working time, runs out.</summary>
public static class StepTime
{
    public static DateTime After(StepSpec step, DateTime now, WorkingCalendar calendar)
    {
        var amount = Math.Clamp(step.Amount, 0, WorkflowValidator.MaxAmount);
        return (step.Working, step.Unit) switch
        {
            (false, TimeUnit.Minutes) => now.AddMinutes(amount),
            (false, TimeUnit.Hours) => now.AddHours(amount),
            (false, _) => now.AddDays(amount),
            (true, TimeUnit.Minutes) => calendar.AddWorkingTime(now, TimeSpan.FromMinutes(amount)),
            (true, TimeUnit.Hours) => calendar.AddWorkingTime(now, TimeSpan.FromHours(amount)),
            (true, _) => calendar.AddWorkingDays(now, amount),
        };
    }
}

public sealed class ExecuteWorkflowStepHandler(
    DbContext db,
    WorkflowPrograms programs,
    RecordDirectory records,
    IMediator mediator,
    IClock clock,
    IWorkingCalendarSource calendars,
    IEnumerable<RecordSchema> schemas,
    IOptions<WorkflowOptions> options,
    IStringLocalizer<WorkflowResources> l) : IRequestHandler<ExecuteWorkflowStep, bool>
{
    public async ValueTask<bool> Handle(ExecuteWorkflowStep request, CancellationToken cancellationToken)
    {
        var run = await db.Set<WorkflowRun>().FirstOrDefaultAsync(r => r.Id == request.RunId && r.ClaimToken == request.Token, cancellationToken);
        if (run is null || run.IsFinished)
        {
            return false;
        }

        var version = await programs.GetAsync(run.VersionId, cancellationToken);
        _tagsWanted = version?.Definition.UsesTags == true;
        using (WorkflowScope.Enter(run.Id, run.Depth))
        {
            // Several steps share the transaction: they commit together or not at all, so a retry after a failure
            // repeats none of their effects, and a run costs one commit per stretch between waits instead of one per step.
            var goOn = true;
            for (var executed = 0; goOn && executed < StepsPerTransaction; executed++)
            {
                goOn = version is null
                    ? Finish(run, RunState.Failed, StepOutcome.Failed, LogText.Of("Log_VersionMissing"))
                    : run.State == RunState.Pending ? await StartAsync(run, version, cancellationToken) : await StepAsync(run, version, cancellationToken);
                // Saved inside the scope, so runs these steps' changes trigger know they were started by this run; and
                // after a step that may change the record, so the next step reads what it changed.
                if (!goOn && run.State == RunState.Completed && version is not null)
                {
                    await RunTimeline.WriteAsync(mediator, l, run, version.Workflow, "Timeline_RunCompleted", cancellationToken);
                }

                if (_recordChanged || !goOn || executed == StepsPerTransaction - 1)
                {
                    await db.SaveChangesAsync(cancellationToken);
                    _values = _recordChanged ? null : _values;
                    _recordChanged = false;
                }
            }

            return goOn;
        }
    }

    private const int StepsPerTransaction = 20;

    private IReadOnlyDictionary<string, object?>? _values;

    private bool _recordChanged;

    private async Task<bool> StartAsync(WorkflowRun run, CompiledVersion version, CancellationToken cancellationToken)
    {
        var values = await ReadAsync(run, cancellationToken);
        if (values is null)
        {
            return Finish(run, RunState.Skipped, StepOutcome.NotStarted, LogText.Of("Log_RecordGone"));
        }

        var since = clock.UtcNow.AddDays(-1);
        var limit = options.Value.MaxRunsPerRecordPerDay;
        var today = await db.Set<WorkflowRun>().CountAsync(r => r.WorkflowId == run.WorkflowId && r.RecordType == run.RecordType && r.RecordId == run.RecordId
            && r.Id != run.Id && r.CreatedAt > since && r.State != RunState.Skipped && r.State != RunState.Refused && r.State != RunState.Pending, cancellationToken);
        if (today >= limit)
        {
            return Finish(run, RunState.Refused, StepOutcome.NotStarted, LogText.Of("Log_DailyLimit", today, limit));
        }

        // A date trigger's run waited for the date it was started for; a date moved since started a run of its own.
        if (version.Definition.Trigger is { Kind: TriggerKind.DateReached } trigger && run.TriggerKey is { } key
            && (values.GetValueOrDefault(trigger.Field ?? "") is not DateTime date || DateTrigger.Key(date) != key))
        {
            return Finish(run, RunState.Skipped, StepOutcome.NotStarted, LogText.Of("Log_DateMoved"));
        }

        if (!Conditions.Holds(version.Definition.Conditions, values, Before(run)))
        {
            return Finish(run, RunState.Skipped, StepOutcome.NotStarted, LogText.Of("Log_ConditionsNotMet"));
        }

        run.State = RunState.Running;
        Log(run, null, StepOutcome.Started, null);
        return true;
    }

    private async Task<bool> StepAsync(WorkflowRun run, CompiledVersion version, CancellationToken cancellationToken)
    {
        run.State = RunState.Running;
        var instructions = version.Program.Instructions;
        if (run.Position >= instructions.Count)
        {
            return Finish(run, RunState.Completed, StepOutcome.Completed, null);
        }

        if (run.StepsExecuted >= options.Value.MaxStepsPerRun)
        {
            return Finish(run, RunState.Failed, StepOutcome.Failed, LogText.Of("Log_StepCap", run.StepsExecuted));
        }

        var instruction = instructions[run.Position];
        if (instruction.Step is not { } step)
        {
            run.Position = instruction.Target;
            return true;
        }

        var values = await ReadAsync(run, cancellationToken);
        if (values is null)
        {
            return Finish(run, RunState.Cancelled, StepOutcome.Cancelled, LogText.Of("Log_RecordGone"));
        }

        run.StepsExecuted++;
        run.Attempts = 0;
        var record = new RecordRef(run.RecordType, run.RecordId);
        if (instruction.LoopEnd)
        {
            return await RoundEndAsync(run, step, instruction, cancellationToken);
        }

        switch (step.Kind)
        {
            case StepKind.Repeat:
                var finished = Conditions.Holds(step.Condition ?? new(), values, Before(run));
                var rounds = Variables(run).GetValueOrDefault(RoundKey(run.Position));
                Log(run, step, finished ? StepOutcome.Done : StepOutcome.Skipped,
                    finished ? LogText.Of("Log_RepeatDone") : LogText.Of("Log_RepeatRound", (rounds is null ? 0 : int.Parse(rounds, CultureInfo.InvariantCulture)) + 1));
                if (finished)
                {
                    Forget(run, RoundKey(run.Position));
                }

                run.Position = finished ? instruction.Target : run.Position + 1;
                return true;
            case StepKind.AssignOwner:
                _recordChanged = true;
                var (ownerId, teamId) = await NewOwnerAsync(step, values, cancellationToken);
                if (await records.Find(run.RecordType)!.AssignOwnerAsync(run.RecordId, ownerId, teamId, cancellationToken) is { } notAssigned)
                {
                    throw new WorkflowStepException(notAssigned);
                }

                Log(run, step, StepOutcome.Done, LogText.Of("Log_Assigned", await NameAsync(ownerId, cancellationToken)));
                break;
            case StepKind.CloseTasks:
                _recordChanged = true;
                var closed = await mediator.Send(new CloseOpenActivities(TaskRecord(run, values)), cancellationToken);
                Log(run, step, closed > 0 ? StepOutcome.Done : StepOutcome.Skipped, LogText.Of("Log_TasksClosed", closed));
                break;
            case StepKind.CreateRecord:
                _recordChanged = true;
                await OpenRecordAsync(run, step, record, values, cancellationToken);
                break;
            case StepKind.RemoveTag:
                var removed = await UntagAsync(record, step, values, cancellationToken);
                Log(run, step, removed.Count > 0 ? StepOutcome.Done : StepOutcome.Skipped, LogText.Of("Log_TagsRemoved", string.Join("، ", removed)));
                break;
            case StepKind.If:
                var holds = Conditions.Holds(step.Condition ?? new(), values, Before(run));
                Log(run, step, holds ? StepOutcome.Done : StepOutcome.Skipped, LogText.Of(holds ? "Log_ConditionHeld" : "Log_ConditionNotHeld"));
                run.Position = holds ? run.Position + 1 : instruction.Target;
                return true;
            case StepKind.Wait:
                return await WaitAsync(run, step, values, cancellationToken);
            case StepKind.Stop:
                Log(run, step, StepOutcome.Done, null);
                return Finish(run, RunState.Completed, StepOutcome.Completed, LogText.Of("Log_Stopped"));
            case StepKind.CreateTask when step.To == Domain.Recipient.Customer && !step.WaitUntilDone:
                var (given, told) = await CustomerTaskAsync(run, step, values, cancellationToken);
                db.Add(given);
                Log(run, step, StepOutcome.Done, told);
                break;
            case StepKind.CreateTask when step.WaitUntilDone:
            case StepKind.Approval:
                _recordChanged = true;
                return await TaskWaitAsync(run, step, instruction, values, cancellationToken);
            case StepKind.CreateTask:
                // A task moves the record's next follow-up.
                _recordChanged = true;
                var (kind, subject, assignee, due, activityId) = await PlanAsync(run, step, values, cancellationToken);
                if (activityId == Guid.Empty)
                {
                    Log(run, step, StepOutcome.Skipped, LogText.Of("Log_TaskNotNeeded"));
                    break;
                }

                db.Add(InboxTask(run, step, activityId, assignee, subject, due));
                Log(run, step, StepOutcome.Done, LogText.Of("Log_Task", "@k:Activity_" + kind, subject, await NameAsync(assignee, cancellationToken), due));
                break;
            case StepKind.SetField:
                _recordChanged = true;
                var value = step.Value is null ? null : Conditions.Fill(step.Value, values);
                var refused = await records.Find(run.RecordType)!.SetFieldAsync(run.RecordId, step.Field ?? "", value, cancellationToken);
                if (refused is not null)
                {
                    throw new WorkflowStepException(refused);
                }

                Log(run, step, StepOutcome.Done, LogText.Of("Log_SetField", LogText.Field(step.Field ?? ""), value));
                break;
            case StepKind.AddTag:
                var tags = step.Tags.Select(t => Conditions.Fill(t, values)).Where(t => t.Length > 0).ToList();
                await mediator.Send(new TagRecord(record, tags), cancellationToken);
                Log(run, step, StepOutcome.Done, LogText.Of("Log_Tags", string.Join("، ", tags)));
                break;
            case StepKind.SendSms or StepKind.SendEmail:
                return SendLogged(run, step, await SendAsync(run, step, values, cancellationToken));
            case StepKind.Notify:
                var user = await RecipientAsync(step, values, cancellationToken);
                var text = Conditions.Fill(step.Text ?? "", values);
                var link = await records.FindVisibleAsync(record, cancellationToken);
                await mediator.Send(new Notify([user], new LocalText(text, text), link?.Url), cancellationToken);
                Log(run, step, StepOutcome.Done, LogText.Of("Log_Notified", await NameAsync(user, cancellationToken), text));
                break;
        }

        run.Position++;
        return true;
    }

    /// <summary>Has the type's module open a record for the run's record; one the record already had is logged as such.</summary>
    private async Task OpenRecordAsync(WorkflowRun run, StepSpec step, RecordRef record, IReadOnlyDictionary<string, object?> values, CancellationToken cancellationToken)
    {
        var type = records.Find(step.RecordType ?? "") ?? throw new WorkflowStepException($"unknown record type {step.RecordType}");
        var opened = await type.OpenForAsync(record, step.Subject is null ? null : Conditions.Fill(step.Subject, values), cancellationToken);
        if (opened.Refusal is { } refusal || opened.Record is not { } made)
        {
            throw new WorkflowStepException(opened.Refusal ?? "nothing was opened");
        }

        var title = (await type.FindVisibleAsync([made.Id], cancellationToken)).GetValueOrDefault(made.Id)?.Title ?? "";
        Log(run, step, opened.AlreadyThere ? StepOutcome.Skipped : StepOutcome.Done,
            LogText.Of(opened.AlreadyThere ? "Log_RecordExisted" : "Log_RecordOpened", LogText.Type(made.Type), title));
    }

    /// <summary>Plans the step's task (or the approval's) for its assignee; returns what was planned.</summary>
    private async Task<(ActivityKind Kind, string Subject, Guid Assignee, DateTime Due, Guid ActivityId)> PlanAsync(WorkflowRun run, StepSpec step,
        IReadOnlyDictionary<string, object?> values, CancellationToken cancellationToken)
    {
        var assignee = await RecipientAsync(step, values, cancellationToken);
        var due = step.Kind == StepKind.Approval && step.Amount == 0 ? clock.UtcNow.AddDays(1) : await DueAsync(step, cancellationToken);
        var kind = Enum.TryParse<ActivityKind>(step.ActivityKind, out var k) && k is ActivityKind.Call or ActivityKind.Meeting ? k : ActivityKind.Task;
        var subject = Conditions.Fill(step.Subject ?? "", values);
        var activityId = await mediator.Send(new PlanActivity(TaskRecord(run, values), kind, assignee, subject, due)
        {
            OnlyIfNoneOpen = step.OnlyIfNoneOpen,
            Body = step.Text is null ? null : Conditions.Fill(step.Text, values),
            HighPriority = step.HighPriority,
            Tags = step.Tags,
        }, cancellationToken);
        return (kind, subject, assignee, due, activityId);
    }

    /// <summary>
    /// A task the run waits for, or an approval: the first time, the task is planned and the run sleeps; woken (the task
    /// done, the decision made, or the time-out reached), it goes on: an approval to its then-branch when approved, else
    /// to its else-branch.
    /// </summary>
    private async Task<bool> TaskWaitAsync(WorkflowRun run, StepSpec step, Instruction instruction, IReadOnlyDictionary<string, object?> values,
        CancellationToken cancellationToken)
    {
        var variables = Variables(run);
        var key = "task:" + run.Position;
        var approval = step.Kind == StepKind.Approval;
        if (!variables.TryGetValue(key, out var taskId))
        {
            WorkflowTask task;
            string asked;
            if (step.To == Domain.Recipient.Customer)
            {
                (task, asked) = await CustomerTaskAsync(run, step, values, cancellationToken);
            }
            else
            {
                var (_, subject, assignee, due, activityId) = await PlanAsync(run, step, values, cancellationToken);
                task = InboxTask(run, step, activityId, assignee, subject, due);
                asked = LogText.Of(approval ? "Log_ApprovalAsked" : "Log_TaskWait", subject, await NameAsync(assignee, cancellationToken), due);
            }

            db.Add(task);
            variables[key] = task.Id.ToString();
            Keep(run, variables);
            // An approval without a time-out, and a task, wait until they are done; the inbox (or the portal) wakes the run.
            run.WakeAt = approval && step.Amount > 0 ? task.DueAt : clock.UtcNow.AddYears(10);
            return Sleep(run, step, asked);
        }

        var waited = await db.Set<WorkflowTask>().FirstAsync(t => t.Id == Guid.Parse(taskId), cancellationToken);
        var timedOut = waited.DoneAt is null && approval && step.Amount > 0 && clock.UtcNow >= waited.DueAt;
        if (waited.DoneAt is null && !timedOut)
        {
            run.StepsExecuted--;
            run.WakeAt = approval && step.Amount > 0 ? waited.DueAt : clock.UtcNow.AddYears(10);
            return Sleep(run, step, LogText.Of("Log_StillWaiting"));
        }

        variables.Remove(key);
        Keep(run, variables);
        if (timedOut)
        {
            // Out of the approver's inbox: the run has gone on without the decision.
            waited.DoneAt = clock.UtcNow;
        }

        if (!approval)
        {
            Log(run, step, StepOutcome.Done, LogText.Of("Log_TaskDone", waited.Subject));
            run.Position++;
            return true;
        }

        var approved = waited.Approved == true;
        Log(run, step, approved ? StepOutcome.Done : StepOutcome.Skipped,
            timedOut ? LogText.Of("Log_ApprovalTimedOut") : LogText.Of(approved ? "Log_Approved" : "Log_Rejected", waited.Comment ?? ""));
        run.Position = approved ? run.Position + 1 : instruction.Target;
        return true;
    }

    /// <summary>The row that puts a step's task in its assignee's "My workflow tasks".</summary>
    private WorkflowTask InboxTask(WorkflowRun run, StepSpec step, Guid activityId, Guid assignee, string subject, DateTime due) => new()
    {
        RunId = run.Id, Position = run.Position, ActivityId = activityId, IsApproval = step.Kind == StepKind.Approval, AssigneeId = assignee,
        Subject = subject.Length <= WorkflowTask.SubjectMaxLength ? subject : subject[..WorkflowTask.SubjectMaxLength],
        Tags = step.Tags.Count == 0 ? null : string.Join(",", step.Tags), RecordType = run.RecordType, RecordId = run.RecordId,
        DueAt = due, CreatedAt = clock.UtcNow, Progress = Math.Clamp(step.Progress, 0, 100),
    };

    /// <summary>
    /// A task for the record's customer, done on the portal: it has no assignee or activity (its own id stands in for the
    /// activity's), and the customer is told by SMS when they have a portal account. Returns the task and its log line.
    /// </summary>
    private async Task<(WorkflowTask Task, string Log)> CustomerTaskAsync(WorkflowRun run, StepSpec step, IReadOnlyDictionary<string, object?> values,
        CancellationToken cancellationToken)
    {
        if (values.GetValueOrDefault(RecordSchema.CustomerKey) is not Guid contact || contact == Guid.Empty)
        {
            throw new WorkflowStepException("@k:Log_NoCustomer");
        }

        var due = await DueAsync(step, cancellationToken);
        var task = InboxTask(run, step, Guid.Empty, Guid.Empty, Conditions.Fill(step.Subject ?? "", values), due);
        task.ActivityId = task.Id;
        task.CustomerId = contact;
        task.Ask = step.Ask;
        task.FormKey = step.Ask == CustomerAsk.Form ? step.Form : null;
        task.Instructions = step.Text is null ? null : Crm.SharedKernel.Text.TextLimits.Shorten(Conditions.Fill(step.Text, values), WorkflowTask.InstructionsMaxLength);
        var told = await mediator.Send(new Crm.Modules.Portal.Contracts.TellPortalCustomer(contact, task.Subject, CustomerTasks.Path(task.Id)), cancellationToken);
        return (task, LogText.Of(told ? "Log_CustomerTask" : "Log_CustomerTaskUntold", task.Subject, due));
    }

    /// <summary>The record a step's tasks go on: the run's own, or for an activity (which has no tasks of its own) the record it is on.</summary>
    private static RecordRef TaskRecord(WorkflowRun run, IReadOnlyDictionary<string, object?> values) =>
        run.RecordType == RecordTypes.Activity && values.GetValueOrDefault("RecordType") is string type && values.GetValueOrDefault("RecordId") is Guid id
            ? new RecordRef(type, id)
            : new RecordRef(run.RecordType, run.RecordId);

    private static string RoundKey(int head) => "round:" + head.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The end of a repeated block: another round is due after the step's interval (the run sleeps, then the head looks
    /// at the condition again), unless the rounds are used up, when the run goes on past the block.
    /// </summary>
    private async Task<bool> RoundEndAsync(WorkflowRun run, StepSpec step, Instruction end, CancellationToken cancellationToken)
    {
        var key = RoundKey(end.Target);
        var variables = Variables(run);
        var rounds = (variables.TryGetValue(key, out var kept) ? int.Parse(kept, CultureInfo.InvariantCulture) : 0) + 1;
        if (rounds >= Math.Max(1, step.Times))
        {
            Forget(run, key);
            Log(run, step, StepOutcome.Skipped, LogText.Of("Log_RepeatLimit", rounds));
            run.Position++;
            return true;
        }

        variables[key] = rounds.ToString(CultureInfo.InvariantCulture);
        Keep(run, variables);
        run.WakeAt = await DueAsync(step, cancellationToken);
        run.Position = end.Target;
        return Sleep(run, step, LogText.Of("Log_RepeatWait", run.WakeAt));
    }

    /// <summary>
    /// The named user, or the next active member of the team in turn (the step's team, else the record's, else the sales
    /// reps); a counter shared by every instance keeps the turn.
    /// </summary>
    private async Task<(Guid Owner, Guid? Team)> NewOwnerAsync(StepSpec step, IReadOnlyDictionary<string, object?> values, CancellationToken cancellationToken)
    {
        if (step.UserId is { } userId)
        {
            var user = await mediator.Send(new GetUserSummary(userId), cancellationToken);
            return user is { IsActive: true } ? (user.Id, user.TeamId) : throw new WorkflowStepException("@k:Log_UserInactive");
        }

        var teamId = step.TeamId ?? values.GetValueOrDefault("TeamId") as Guid?;
        var members = (teamId is { } team
            ? await mediator.Send(new ListUsers(team), cancellationToken)
            : await mediator.Send(new ListUsersInRole(CrmRoles.SalesRep), cancellationToken)).OrderBy(u => u.Id).ToList();
        if (members.Count == 0)
        {
            throw new WorkflowStepException(teamId is null ? "@k:Log_EmptyRole" : "@k:Log_EmptyTeam");
        }

        var turn = await NextTurnAsync("rr:" + (teamId?.ToString() ?? CrmRoles.SalesRep), cancellationToken);
        var next = members[(int)((turn - 1) % members.Count)];
        return (next.Id, teamId ?? next.TeamId);
    }

    /// <summary>Counts one more on a shared counter in the step's transaction (the row stays locked until it commits).</summary>
    private async Task<long> NextTurnAsync(string key, CancellationToken cancellationToken)
    {
        var counters = db.Set<WorkflowCounter>();
        if (await counters.Where(c => c.Key == key).ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, c => c.Value + 1), cancellationToken) == 0)
        {
            counters.Add(new WorkflowCounter { Key = key, Value = 1 });
            await db.SaveChangesAsync(cancellationToken);
            return 1;
        }

        return await counters.AsNoTracking().Where(c => c.Key == key).Select(c => c.Value).FirstAsync(cancellationToken);
    }

    /// <summary>Takes the step's tags (by name, however spelled) off the record; returns the names taken off.</summary>
    private async Task<List<string>> UntagAsync(RecordRef record, StepSpec step, IReadOnlyDictionary<string, object?> values, CancellationToken cancellationToken)
    {
        var keys = step.Tags.Select(t => TagNames.Key(Conditions.Fill(t, values))).ToHashSet(StringComparer.Ordinal);
        var on = (await mediator.Send(new GetRecordTags(record.Type, [record.Id]), cancellationToken)).GetValueOrDefault(record.Id) ?? [];
        var removed = new List<string>();
        foreach (var chip in on.Where(c => keys.Contains(TagNames.Key(c.Name))))
        {
            await mediator.Send(new UntagRecord(record, chip.Id), cancellationToken);
            removed.Add(chip.Name);
        }

        return removed;
    }

    private bool SendLogged(WorkflowRun run, StepSpec step, string detail)
    {
        Log(run, step, detail.Contains("Log_NoAddress", StringComparison.Ordinal) ? StepOutcome.Skipped : StepOutcome.Done, detail);
        run.Position++;
        return true;
    }

    private async Task<string> SendAsync(WorkflowRun run, StepSpec step, IReadOnlyDictionary<string, object?> values, CancellationToken cancellationToken)
    {
        var sms = step.Kind == StepKind.SendSms;
        var field = step.Field ?? (sms ? Schema(run).MobileField : Schema(run).EmailField) ?? "";
        if (Conditions.Text(values.GetValueOrDefault(field)) is not { Length: > 0 } to)
        {
            return LogText.Of("Log_NoAddress", LogText.Field(field));
        }

        var body = sms
            ? Conditions.Fill(step.Text ?? "", values)
            : Conditions.Fill(WebUtility.HtmlEncode(step.Text ?? "").Replace("\n", "<br>", StringComparison.Ordinal), values, WebUtility.HtmlEncode);
        await mediator.Send(new SendMessage(sms ? MessageChannel.Sms : MessageChannel.Email, to)
        {
            Category = step.Marketing ? MessageCategory.Marketing : MessageCategory.Transactional,
            Recipient = new RecipientRef(run.RecordType, run.RecordId),
            Subject = sms ? null : Conditions.Fill(step.Subject ?? "", values),
            Body = body,
        }, cancellationToken);
        return LogText.Of("Log_Queued", to);
    }

    private async Task<bool> WaitAsync(WorkflowRun run, StepSpec step, IReadOnlyDictionary<string, object?> values, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        if (step.Condition is not { IsEmpty: false } condition)
        {
            run.WakeAt = await DueAsync(step, cancellationToken);
            run.Position++;
            return Sleep(run, step, LogText.Of("Log_WaitUntil", run.WakeAt));
        }

        var variables = Variables(run);
        var key = "deadline:" + run.Position;
        if (Conditions.Holds(condition, values, Before(run)))
        {
            variables.Remove(key);
            Keep(run, variables);
            Log(run, step, StepOutcome.Done, LogText.Of("Log_ConditionHeld"));
            run.Position++;
            return true;
        }

        var deadline = variables.TryGetValue(key, out var kept) ? DateTime.Parse(kept, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : await DueAsync(step, cancellationToken);
        if (now >= deadline)
        {
            variables.Remove(key);
            Keep(run, variables);
            Log(run, step, StepOutcome.Skipped, LogText.Of("Log_TimedOut"));
            run.Position++;
            return true;
        }

        variables[key] = deadline.ToString("O", CultureInfo.InvariantCulture);
        Keep(run, variables);
        // Not counted as a step: looking again is the same step, still waiting.
        run.StepsExecuted--;
        var next = now + options.Value.ConditionCheckEvery;
        run.WakeAt = next < deadline ? next : deadline;
        return Sleep(run, step, LogText.Of("Log_WaitCondition", deadline));
    }

    private bool Sleep(WorkflowRun run, StepSpec step, string detail)
    {
        run.State = RunState.Waiting;
        run.ClaimToken = null;
        run.ClaimedUntil = null;
        Log(run, step, StepOutcome.Waiting, detail);
        return false;
    }

    private async Task<DateTime> DueAsync(StepSpec step, CancellationToken cancellationToken) =>
        StepTime.After(step, clock.UtcNow, await calendars.GetAsync(cancellationToken));

    private async Task<string> NameAsync(Guid userId, CancellationToken cancellationToken) =>
        (await mediator.Send(new Crm.Modules.Identity.Contracts.GetUserSummary(userId), cancellationToken))?.DisplayName ?? "";

    /// <summary>Who a task or notice goes to: the owner, a named user, the owner's team leader, or the least busy member of a role.</summary>
    private async Task<Guid> RecipientAsync(StepSpec step, IReadOnlyDictionary<string, object?> values, CancellationToken cancellationToken)
    {
        switch (step.To)
        {
            case Domain.Recipient.User:
                return step.UserId ?? throw new WorkflowStepException("@k:Log_NoUser");
            case Domain.Recipient.Role:
                var members = await mediator.Send(new ListUsersInRole(step.Role ?? ""), cancellationToken);
                if (members.Count == 0)
                {
                    throw new WorkflowStepException("@k:Log_EmptyRole");
                }

                var ids = members.Select(m => m.Id).ToList();
                var open = await db.Set<WorkflowTask>().AsNoTracking().Where(t => ids.Contains(t.AssigneeId) && t.DoneAt == null)
                    .GroupBy(t => t.AssigneeId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
                return members.OrderBy(m => open.GetValueOrDefault(m.Id)).First().Id;
            default:
                var owner = values.GetValueOrDefault(_schema?.OwnerField ?? "OwnerId") as Guid? ?? throw new WorkflowStepException("@k:Log_NoOwner");
                if (step.To != Domain.Recipient.TeamLeader)
                {
                    return owner;
                }

                var team = (await mediator.Send(new GetUserSummary(owner), cancellationToken))?.TeamId;
                var teams = team is null ? [] : await mediator.Send(new ListTeams(), cancellationToken);
                return teams.FirstOrDefault(t => t.Id == team)?.LeaderId ?? owner;
        }
    }

    private RecordSchema? _schema;

    private RecordSchema Schema(WorkflowRun run) =>
        _schema ??= schemas.FirstOrDefault(s => s.Type == run.RecordType) ?? throw new WorkflowStepException("@k:Log_RecordGone");

    private static void Forget(WorkflowRun run, string key)
    {
        var variables = Variables(run);
        if (variables.Remove(key))
        {
            Keep(run, variables);
        }
    }

    /// <summary>The record's fields, read again only after a step that may have changed them.</summary>
    private async Task<IReadOnlyDictionary<string, object?>?> ReadAsync(WorkflowRun run, CancellationToken cancellationToken)
    {
        _schema ??= schemas.FirstOrDefault(s => s.Type == run.RecordType);
        if (_values is not null || records.Find(run.RecordType) is not { } type || await type.ReadFieldsAsync(run.RecordId, cancellationToken) is not { } read)
        {
            return _values;
        }

        if (!_tagsWanted)
        {
            return _values = read;
        }

        var tags = (await mediator.Send(new GetRecordTags(run.RecordType, [run.RecordId]), cancellationToken)).GetValueOrDefault(run.RecordId) ?? [];
        return _values = new Dictionary<string, object?>(read) { [Conditions.TagsField] = tags.Select(t => TagNames.Key(t.Name)).ToHashSet(StringComparer.Ordinal) };
    }

    private bool _tagsWanted;

    private static Dictionary<string, string?> Before(WorkflowRun run) =>
        run.Before is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string?>>(run.Before) ?? [];

    private static Dictionary<string, string> Variables(WorkflowRun run) =>
        run.Variables is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(run.Variables) ?? [];

    private static void Keep(WorkflowRun run, Dictionary<string, string> variables) =>
        run.Variables = variables.Count == 0 ? null : JsonSerializer.Serialize(variables);

    private bool Finish(WorkflowRun run, RunState state, StepOutcome outcome, string? detail)
    {
        run.Finish(state, clock.UtcNow, state is RunState.Failed or RunState.Refused ? detail : null);
        Log(run, null, outcome, detail);
        return false;
    }

    private void Log(WorkflowRun run, StepSpec? step, StepOutcome outcome, string? detail) =>
        db.Add(WorkflowStepLog.Of(run, step, outcome, detail, clock.UtcNow));
}

public sealed class RecordStepFailureHandler(
    DbContext db,
    WorkflowPrograms programs,
    RecordDirectory records,
    IMediator mediator,
    IClock clock,
    IOptions<WorkflowOptions> options,
    IStringLocalizer<WorkflowResources> l) : IRequestHandler<RecordStepFailure, bool>
{
    public async ValueTask<bool> Handle(RecordStepFailure request, CancellationToken cancellationToken)
    {
        var run = await db.Set<WorkflowRun>().FirstOrDefaultAsync(r => r.Id == request.RunId && r.ClaimToken == request.Token, cancellationToken);
        if (run is null || run.IsFinished)
        {
            return false;
        }

        var now = clock.UtcNow;
        var version = await programs.GetAsync(run.VersionId, cancellationToken);
        var step = version is not null && run.Position < version.Program.Instructions.Count ? version.Program.Instructions[run.Position].Step : null;
        var attempts = run.Attempts + 1;
        if (!request.Permanent && attempts < options.Value.MaxAttempts)
        {
            run.Attempts = attempts;
            run.WakeAt = now + options.Value.RetryDelay * Math.Pow(2, attempts - 1);
            run.ClaimToken = null;
            run.ClaimedUntil = null;
            db.Add(WorkflowStepLog.Of(run, step, StepOutcome.Retrying, LogText.Of("Log_Retry", attempts, request.Error), now));
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }

        run.Attempts = attempts;
        run.Finish(RunState.Failed, now, LogText.Of("Log_Failed", request.Error));
        db.Add(WorkflowStepLog.Of(run, step, StepOutcome.Failed, run.Error, now));
        if (version is not null)
        {
            await RunTimeline.WriteAsync(mediator, l, run, version.Workflow, "Timeline_RunFailed", cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (version?.Workflow.OwnerId is { } owner)
        {
            var title = (await records.FindVisibleAsync(new RecordRef(run.RecordType, run.RecordId), cancellationToken))?.Title ?? "";
            var persian = l.InCulture(SupportedCultures.Persian, "Notify_RunFailed", version.Workflow.NamePersian, title);
            var english = l.InCulture(SupportedCultures.English, "Notify_RunFailed", version.Workflow.NameEnglish, title);
            await mediator.Send(new Notify([owner], new LocalText(persian, english), null), cancellationToken);
        }

        return false;
    }
}

/// <summary>A run that did something, or failed, leaves an entry on its record's timeline, beside the people's own.</summary>
internal static class RunTimeline
{
    public static async Task WriteAsync(IMediator mediator, IStringLocalizer l, WorkflowRun run, Domain.Workflow workflow, string key, CancellationToken cancellationToken)
    {
        // An activity has no timeline of its own, and a run that only looked at its record has nothing to tell.
        if (run.RecordType == RecordTypes.Activity || (run.StepsExecuted == 0 && run.State == RunState.Completed))
        {
            return;
        }

        var text = new LocalText(l.InCulture(SupportedCultures.Persian, key, workflow.NamePersian), l.InCulture(SupportedCultures.English, key, workflow.NameEnglish));
        await mediator.Send(new LogTimelineEvent(new RecordRef(run.RecordType, run.RecordId), ActivityKind.Event, text), cancellationToken);
    }
}
