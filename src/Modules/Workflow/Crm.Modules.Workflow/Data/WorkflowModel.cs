using Crm.Modules.Workflow.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Workflow.Data;

public static class WorkflowModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Domain.Workflow>(b =>
        {
            b.ToTable("Workflows");
            b.Property(w => w.NamePersian).HasMaxLength(Domain.Workflow.NameMaxLength);
            b.Property(w => w.NameEnglish).HasMaxLength(Domain.Workflow.NameMaxLength);
            b.Property(w => w.RecordType).HasMaxLength(32);
        });

        model.Entity<WorkflowVersion>(b =>
        {
            b.ToTable("WorkflowVersions");
            b.HasIndex(v => new { v.WorkflowId, v.Number }).IsUnique();
        });

        model.Entity<WorkflowRun>(b =>
        {
            b.ToTable("WorkflowRuns");
            b.Property(r => r.RecordType).HasMaxLength(32);
            b.Property(r => r.Error).HasMaxLength(WorkflowRun.ErrorMaxLength);
            // The engine's claim: unfinished runs by when they are due.
            b.HasIndex(r => new { r.State, r.WakeAt });
            b.HasIndex(r => new { r.WorkflowId, r.CreatedAt });
            b.HasIndex(r => new { r.RecordType, r.RecordId, r.CreatedAt });
            b.HasIndex(r => r.FinishedAt);
        });

        model.Entity<WorkflowStepLog>(b =>
        {
            b.ToTable("WorkflowStepLogs");
            b.Property(l => l.StepId).HasMaxLength(40);
            b.Property(l => l.Detail).HasMaxLength(WorkflowStepLog.DetailMaxLength);
            b.HasIndex(l => new { l.RunId, l.At });
        });
    }
}
