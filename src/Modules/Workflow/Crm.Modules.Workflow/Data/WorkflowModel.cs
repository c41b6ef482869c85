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
            b.Property(r => r.TriggerKey).HasMaxLength(WorkflowRun.TriggerKeyMaxLength);
            b.HasIndex(r => new { r.WorkflowId, r.RecordId, r.TriggerKey }).IsUnique();
        });

        model.Entity<WorkflowSchedule>(b =>
        {
            b.ToTable("WorkflowSchedules");
            b.HasKey(s => s.WorkflowId);
        });

        model.Entity<WorkflowCounter>(b =>
        {
            b.ToTable("WorkflowCounters");
            b.HasKey(c => c.Key);
            b.Property(c => c.Key).HasMaxLength(100);
        });

        model.Entity<WorkflowTask>(b =>
        {
            b.ToTable("WorkflowTasks");
            b.Property(t => t.Subject).HasMaxLength(WorkflowTask.SubjectMaxLength);
            b.Property(t => t.Tags).HasMaxLength(400);
            b.Property(t => t.RecordType).HasMaxLength(32);
            b.Property(t => t.Comment).HasMaxLength(WorkflowTask.CommentMaxLength);
            // The inbox: a user's open tasks by due time.
            b.HasIndex(t => new { t.AssigneeId, t.DoneAt, t.DueAt });
            b.HasIndex(t => t.ActivityId).IsUnique();
            b.HasIndex(t => t.RunId);
            b.Property(t => t.FormKey).HasMaxLength(24);
            b.Property(t => t.Instructions).HasMaxLength(WorkflowTask.InstructionsMaxLength);
            b.Property(t => t.FileName).HasMaxLength(WorkflowTask.FileNameMaxLength);
            b.Property(t => t.FileType).HasMaxLength(100);
            b.Property(t => t.FileStore).HasMaxLength(200);
            b.Property(t => t.ResultType).HasMaxLength(32);
            // The portal's task list: a customer's tasks, open first.
            b.HasIndex(t => new { t.CustomerId, t.DoneAt });
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
