using Crm.Modules.Workflow.Domain;
using Crm.Modules.Workflow.Features;
using Crm.SharedKernel.Records;

namespace Crm.Modules.Workflow.Web;

/// <summary>The designer's form: the definition travels as the JSON the page's editor builds from its fields.</summary>
public sealed class WorkflowForm
{
    public Guid? Id { get; set; }

    /// <summary>The workflow's version when the form was opened: a save over someone else's is refused.</summary>
    public Guid? Stamp { get; set; }

    public string? NamePersian { get; set; }

    public string? NameEnglish { get; set; }

    public string? RecordType { get; set; }

    public bool Enabled { get; set; }

    public string? Definition { get; set; }
}

/// <param name="Data">The record types' fields, the users and the editor's texts, as JSON for the page's script.</param>
public sealed record WorkflowEditor(WorkflowForm Form, IReadOnlyList<string> Errors, string Data);

public sealed record WorkflowListPage(IReadOnlyList<WorkflowRow> Rows, bool Deleted, IReadOnlyDictionary<Guid, string> Triggers);

public sealed record WorkflowDetailsPage(Domain.Workflow Workflow, string RecordTypeLabel, IReadOnlyList<FlowLine> Flow, IReadOnlyList<RunRow> Runs, RunState? State);

/// <param name="Record">The record the runs are on, for a record's run log; null for one run's page.</param>
public sealed record RunPage(IReadOnlyList<RunRow> Runs, IReadOnlyList<WorkflowStepLog> Log, RecordLink? Record)
{
    /// <summary>The runs' tasks for the customer, with what the customer sent.</summary>
    public IReadOnlyList<WorkflowTask> CustomerTasks { get; init; } = [];
}

public sealed record DryRunView(RecordLink? Record, IReadOnlyList<FlowLine> Lines, IReadOnlyList<string> Errors);

/// <summary>The resource keys the editor's script shows, handed to it in the reader's language.</summary>
public static class DesignerTexts
{
    public static readonly string[] Keys =
    [
        "Step_CreateTask", "Step_SetField", "Step_AddTag", "Step_SendSms", "Step_SendEmail", "Step_Notify", "Step_Wait", "Step_If", "Step_Stop", "Step_Approval", "Ed_WaitDone", "Ed_Approved", "Ed_Rejected",
        "Trigger_Created", "Trigger_Updated", "Trigger_Manual",
        "Op_Equals", "Op_NotEquals", "Op_Contains", "Op_Empty", "Op_NotEmpty", "Op_Greater", "Op_Less", "Op_In", "Op_Was", "Op_ChangedFrom", "Op_Changed",
        "Unit_Minutes", "Unit_Hours", "Unit_Days", "Activity_Task", "Activity_Call", "Activity_Meeting",
        "Ed_All", "Ed_Any", "Ed_AddRule", "Ed_AddGroup", "Ed_AddStep", "Ed_Remove", "Ed_Up", "Ed_Down", "Ed_Field", "Ed_Operator", "Ed_Value",
        "Ed_AnyField", "Ed_AnyValue", "Ed_Subject", "Ed_Text", "Ed_Kind", "Ed_For", "Ed_Owner", "Ed_User", "Ed_DueIn", "Ed_Working", "Ed_Tags",
        "Ed_TagsHelp", "Ed_High", "Ed_SendTo", "Ed_Marketing", "Ed_WaitFor", "Ed_Until", "Ed_Then", "Ed_Else", "Ed_NoConditions", "Ed_Placeholders",
        "Ed_Group", "Ed_TimeOut", "Ed_Unit", "Ed_Customer", "Ed_Ask", "Ed_Form", "Ed_Instructions", "Portal_Ask_Confirm", "Portal_Ask_Upload", "Portal_Ask_Form",
        "Step_AssignOwner", "Step_RemoveTag", "Step_Repeat", "Trigger_DateReached", "Trigger_Schedule", "Trigger_Event", "Op_HasTag",
        "Ed_DateField", "Ed_Before", "Ed_After", "Ed_Cron", "Ed_CronHelp", "Ed_Event", "Ed_Team", "Ed_RoundRobin", "Ed_Role", "Ed_TeamLeader",
        "Ed_Every", "Ed_Times", "Ed_RepeatUntil", "Ed_RepeatSteps", "Ed_Progress", "Ed_TagName", "Ed_AssignTo", "Step_CloseTasks", "Step_CreateRecord", "Ed_RecordType", "Ed_RecordName", "Ed_RecordNameHelp", "Ed_OwnTeam", "Ed_OnlyIfNone", "Ed_HowLong", "Ed_BeforeAfter",
    ];
}
