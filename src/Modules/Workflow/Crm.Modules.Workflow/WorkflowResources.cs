namespace Crm.Modules.Workflow;

/// <summary>Marker for the module's strings: WorkflowResources.resx (English) and WorkflowResources.fa.resx.</summary>
public sealed class WorkflowResources;
