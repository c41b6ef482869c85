using Crm.Modules.Activities.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Activities.Data;

public static class ActivitiesModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Activity>(b =>
        {
            b.ToTable("Activities");
            b.Property(a => a.RecordType).HasMaxLength(32);
            b.Property(a => a.Subject).HasMaxLength(200);
            b.Property(a => a.PersianSubject).HasMaxLength(200);
            b.Property(a => a.Body).HasMaxLength(4000);
            b.Property(a => a.Place).HasMaxLength(200);
            b.Property(a => a.Participants).HasMaxLength(500);
            b.Property(a => a.TrackingNumber).HasMaxLength(100);
            b.Ignore(a => a.Record);
            // A record's timeline, newest first.
            b.HasIndex(a => new { a.RecordType, a.RecordId, a.OccurredAt });
            // "My day" and the calendar: one user's planned work by date.
            b.HasIndex(a => new { a.AssigneeId, a.OccurredAt });
            // The reminder job: due reminders not yet sent.
            b.HasIndex(a => new { a.ReminderSentAt, a.RemindAt });
        });

        model.Entity<Comment>(b =>
        {
            b.ToTable("Comments");
            b.Property(c => c.RecordType).HasMaxLength(32);
            b.Property(c => c.Text).HasMaxLength(4000);
            b.HasIndex(c => new { c.RecordType, c.RecordId, c.CreatedAt });
        });

        model.Entity<CommentRevision>(b =>
        {
            b.ToTable("CommentRevisions");
            b.Property(r => r.Text).HasMaxLength(4000);
            b.HasIndex(r => r.CommentId);
        });
    }
}
