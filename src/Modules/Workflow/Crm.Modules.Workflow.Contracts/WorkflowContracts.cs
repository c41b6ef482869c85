using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;

namespace Crm.Modules.Workflow.Contracts;

public static class WorkflowPermissions
{
    /// <summary>Design workflows: create, edit, enable and disable them, and read every run log.</summary>
    public const string Design = "workflow.design";

    /// <summary>Start a manual workflow on a record one can see, and read the runs of the records one can see.</summary>
    public const string Run = "workflow.run";
}

/// <summary>
/// Starts a workflow whose trigger is manual on a record the current user can see. Returns the run's id, or null when
/// the workflow is not enabled, not manual, of another record type, or the record is not visible.
/// </summary>
public sealed record StartWorkflow(Guid WorkflowId, RecordRef Record) : ICommand<Guid?>;

/// <summary>
/// The customer sent the form their portal task asked for: the task is done, with the submission as its result, and the
/// run waiting for it goes on. False when the task is not this contact's open task for the form with this key.
/// </summary>
public sealed record CompleteFormTask(Guid TaskId, Guid ContactId, string FormKey, RecordRef Result) : ICommand<bool>;

/// <summary>The subject of this contact's open portal task asking for the form with this key; null when there is none.</summary>
public sealed record GetFormTask(Guid TaskId, Guid ContactId, string FormKey) : IRequest<string?>;
