using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Modules.Workflow.Domain;

public enum TriggerKind
{
    /// <summary>A record of the type is created.</summary>
    Created = 0,
    /// <summary>A record's field changes: any field, or <see cref="TriggerSpec.Field"/>, optionally to <see cref="TriggerSpec.To"/>.</summary>
    Updated = 1,
    /// <summary>A user starts it from the record.</summary>
    Manual = 2,
    /// <summary>
    /// A date of the record is reached, give or take an amount of time: "3 working days after the quote was sent", "2
    /// days before the invoice is due". Set when the date is saved, so it follows the date when it moves.
    /// </summary>
    DateReached = 3,
    /// <summary>At the times of a cron expression (Tehran time), for every record that meets the conditions.</summary>
    Schedule = 4,
    /// <summary>Another module reports something that happened to a record (an invoice paid in full).</summary>
    Event = 5,
}

public sealed class TriggerSpec
{
    public TriggerKind Kind { get; set; }

    /// <summary>The field an update is watched on, or the date a <see cref="TriggerKind.DateReached"/> counts from.</summary>
    public string? Field { get; set; }

    public string? To { get; set; }

    /// <summary>How long after (or <see cref="Before"/>) the date the run starts.</summary>
    public int Amount { get; set; }

    public TimeUnit Unit { get; set; } = TimeUnit.Days;

    /// <summary>Count <see cref="Amount"/> in working time; only after a date (before one, it is calendar time).</summary>
    public bool Working { get; set; }

    public bool Before { get; set; }

    /// <summary>Five fields: minute, hour, day of month, month, day of week; Tehran time.</summary>
    public string? Cron { get; set; }

    /// <summary>The name of the record event (as its record type publishes it) that starts the run.</summary>
    public string? Event { get; set; }
}

public enum ConditionOperator
{
    Equals = 0,
    NotEquals = 1,
    Contains = 2,
    Empty = 3,
    NotEmpty = 4,
    Greater = 5,
    Less = 6,
    /// <summary>Equal to one of the comma-separated values.</summary>
    In = 7,
    /// <summary>The value before the save that started the run equals (the current value when the save did not change it).</summary>
    Was = 8,
    /// <summary>The save that started the run changed the field from this value.</summary>
    ChangedFrom = 9,
    /// <summary>The save that started the run changed the field.</summary>
    Changed = 10,
    /// <summary>The record carries the tag named by the value (however it is spelled); the rule's field is not used.</summary>
    HasTag = 11,
}

public sealed class ConditionRule
{
    public string Field { get; set; } = "";

    public ConditionOperator Operator { get; set; }

    public string? Value { get; set; }
}

/// <summary>Rules and nested groups joined by AND, or by OR when <see cref="Any"/>; an empty group holds.</summary>
public sealed class ConditionGroup
{
    public bool Any { get; set; }

    public List<ConditionRule> Rules { get; set; } = [];

    public List<ConditionGroup> Groups { get; set; } = [];

    [JsonIgnore]
    public bool IsEmpty => Rules.Count == 0 && Groups.All(g => g.IsEmpty);
}

public enum StepKind
{
    /// <summary>Plan a task, call or meeting for the owner or a named user, due in an amount of (working) time.</summary>
    CreateTask = 0,
    SetField = 1,
    AddTag = 2,
    SendSms = 3,
    SendEmail = 4,
    /// <summary>An in-app notice to the owner or a named user.</summary>
    Notify = 5,
    /// <summary>Wait an amount of (working) time, or until a condition holds, at most the time-out.</summary>
    Wait = 6,
    /// <summary>Go on with <see cref="StepSpec.Then"/> when the condition holds, else with <see cref="StepSpec.Else"/>.</summary>
    If = 7,
    Stop = 8,
    /// <summary>A user approves or rejects (with a comment) from their task inbox: <see cref="StepSpec.Then"/> on approval, <see cref="StepSpec.Else"/> on rejection or when the time-out passes.</summary>
    Approval = 9,
    /// <summary>Gives the record to a named user, or to the next member of a team in turn (round robin).</summary>
    AssignOwner = 10,
    RemoveTag = 11,
    /// <summary>
    /// Runs <see cref="StepSpec.Then"/> again every amount of time until the condition holds, at most
    /// <see cref="StepSpec.Times"/> rounds (the payment chase: "every 7 days until the balance is 0").
    /// </summary>
    Repeat = 12,
    /// <summary>Marks the record's open tasks and meetings done (a lead found worthless has nothing left to do).</summary>
    CloseTasks = 13,
    /// <summary>
    /// Opens a record of <see cref="StepSpec.RecordType"/> for the run's record, named <see cref="StepSpec.Subject"/>
    /// (a deal for a converted lead); a lead that already has its deal keeps it.
    /// </summary>
    CreateRecord = 14,
}

public enum TimeUnit
{
    Minutes = 0,
    Hours = 1,
    Days = 2,
}

/// <summary>Who a task or notice is for.</summary>
public enum Recipient
{
    Owner = 0,
    User = 1,
    /// <summary>The leader of the owner's team (the owner when the team has none).</summary>
    TeamLeader = 2,
    /// <summary>A member of a role, the one with the fewest open workflow tasks.</summary>
    Role = 3,
    /// <summary>The record's customer (its contact), who does the task on the portal; only for a task.</summary>
    Customer = 4,
}

/// <summary>What a task asks of the record's customer on the portal.</summary>
public enum CustomerAsk
{
    /// <summary>Read the instructions and confirm.</summary>
    Confirm = 0,
    /// <summary>Send a document (one file).</summary>
    Upload = 1,
    /// <summary>Fill the form <see cref="StepSpec.Form"/>.</summary>
    Form = 2,
}

/// <summary>
/// One step. The fields a kind does not use stay empty; texts may hold <c>{Field}</c> placeholders filled from the record.
/// </summary>
public sealed class StepSpec
{
    public string Id { get; set; } = "";

    public StepKind Kind { get; set; }

    /// <summary>A task's subject, an email's subject.</summary>
    public string? Subject { get; set; }

    /// <summary>An SMS's or email's text, a notice's text, a task's description.</summary>
    public string? Text { get; set; }

    /// <summary>Task, Call or Meeting (the Activities module's kinds), for <see cref="StepKind.CreateTask"/>.</summary>
    public string? ActivityKind { get; set; }

    public Recipient To { get; set; }

    public Guid? UserId { get; set; }

    /// <summary>The role a <see cref="Recipient.Role"/> task goes to.</summary>
    public string? Role { get; set; }

    /// <summary>What a <see cref="Recipient.Customer"/> task asks of the customer.</summary>
    public CustomerAsk Ask { get; set; }

    /// <summary>The public key of the form a <see cref="CustomerAsk.Form"/> task asks the customer to fill.</summary>
    public string? Form { get; set; }

    /// <summary>
    /// The team whose members an <see cref="StepKind.AssignOwner"/> step takes in turn; with neither this nor a
    /// <see cref="UserId"/>, the record's own team, or the sales reps when it has none.
    /// </summary>
    public Guid? TeamId { get; set; }

    /// <summary>The most rounds of a <see cref="StepKind.Repeat"/>.</summary>
    public int Times { get; set; }

    /// <summary>
    /// 0–100: how far a deal is along its process once this task is done; the deal moves to the stage whose progress
    /// range holds the highest progress reached.
    /// </summary>
    public int Progress { get; set; }

    /// <summary>A task's due time, a wait's length, or the time-out of a wait for a condition or of an approval (0: none).</summary>
    public int Amount { get; set; }

    public TimeUnit Unit { get; set; }

    /// <summary>Count <see cref="Amount"/> in working hours and days of the working calendar.</summary>
    public bool Working { get; set; }

    public bool HighPriority { get; set; }

    /// <summary>The run waits until the task it creates is done.</summary>
    public bool WaitUntilDone { get; set; }

    /// <summary>Plan the task only when the record has no open task or meeting ("plan the next follow-up if none is planned").</summary>
    public bool OnlyIfNoneOpen { get; set; }

    public List<string> Tags { get; set; } = [];

    /// <summary>The field a step sets, or the record's field an SMS or email goes to (its mobile or email).</summary>
    public string? Field { get; set; }

    public string? Value { get; set; }

    /// <summary>The type of record a <see cref="StepKind.CreateRecord"/> step opens.</summary>
    public string? RecordType { get; set; }

    /// <summary>Marketing messages respect every opt-out; transactional ones only opt-outs of everything.</summary>
    public bool Marketing { get; set; }

    /// <summary>An If's condition, or the condition a wait waits for.</summary>
    public ConditionGroup? Condition { get; set; }

    public List<StepSpec> Then { get; set; } = [];

    public List<StepSpec> Else { get; set; } = [];
}

/// <summary>What a workflow does: its trigger, the conditions a run starts under, and its steps.</summary>
public sealed class WorkflowDefinition
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public TriggerSpec Trigger { get; set; } = new();

    public ConditionGroup Conditions { get; set; } = new();

    public List<StepSpec> Steps { get; set; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static WorkflowDefinition FromJson(string json) => JsonSerializer.Deserialize<WorkflowDefinition>(json, Json) ?? new();

    /// <summary>Whether a condition anywhere asks for the record's tags, which are then read with its fields.</summary>
    [JsonIgnore]
    public bool UsesTags => Groups().Any(g => g.Rules.Any(r => r.Operator == ConditionOperator.HasTag));

    private IEnumerable<ConditionGroup> Groups()
    {
        IEnumerable<ConditionGroup> Nested(ConditionGroup g) => new[] { g }.Concat(g.Groups.SelectMany(Nested));
        return new[] { Conditions }.Concat(AllSteps().Where(s => s.Condition is not null).Select(s => s.Condition!)).SelectMany(Nested);
    }

    /// <summary>Every step, branches included, in reading order.</summary>
    public IEnumerable<StepSpec> AllSteps() => Flatten(Steps);

    private static IEnumerable<StepSpec> Flatten(IEnumerable<StepSpec> steps) =>
        steps.SelectMany(s => new[] { s }.Concat(Flatten(s.Then)).Concat(Flatten(s.Else)));
}

/// <summary>
/// A definition's steps laid out as a list a run walks by index: an If (or an Approval) jumps to its else-branch when its condition does
/// not hold, and the end of a then-branch jumps past the else-branch. A version never changes, so positions stay valid.
/// </summary>
public sealed class WorkflowProgram
{
    private WorkflowProgram(IReadOnlyList<Instruction> instructions) => Instructions = instructions;

    public IReadOnlyList<Instruction> Instructions { get; }

    public static WorkflowProgram Compile(WorkflowDefinition definition)
    {
        var list = new List<Instruction>();
        Lay(definition.Steps, list);
        return new WorkflowProgram(list);
    }

    private static void Lay(List<StepSpec> steps, List<Instruction> list)
    {
        foreach (var step in steps)
        {
            if (step.Kind == StepKind.Repeat)
            {
                // The head checks the condition (done: past the loop); the end waits a round and jumps back to the head.
                var head = list.Count;
                list.Add(new Instruction(step, 0));
                Lay(step.Then, list);
                list.Add(new Instruction(step, head, LoopEnd: true));
                list[head] = list[head] with { Target = list.Count };
                continue;
            }

            if (step.Kind is not (StepKind.If or StepKind.Approval))
            {
                list.Add(new Instruction(step, 0));
                continue;
            }

            var at = list.Count;
            list.Add(new Instruction(step, 0));
            Lay(step.Then, list);
            var jump = -1;
            if (step.Else.Count > 0)
            {
                jump = list.Count;
                list.Add(new Instruction(null, 0));
            }

            list[at] = list[at] with { Target = list.Count };
            Lay(step.Else, list);
            if (jump >= 0)
            {
                list[jump] = list[jump] with { Target = list.Count };
            }
        }
    }
}

/// <summary>
/// A step, or (with no step) a jump; an If's <see cref="Target"/> is where its else-branch starts, a Repeat's where its
/// loop ends, and a loop's end (<see cref="LoopEnd"/>) points back to its Repeat.
/// </summary>
public sealed record Instruction(StepSpec? Step, int Target, bool LoopEnd = false);
