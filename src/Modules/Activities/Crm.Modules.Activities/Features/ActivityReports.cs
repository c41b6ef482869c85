using Crm.Modules.Activities.Contracts;
using Crm.Modules.Activities.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Activities.Features;

/// <summary>Activity figures for the reports: counts per person and kind, the user's open work, and first contacts.</summary>
public sealed class ActivityReports(DbContext db, ICurrentUser user, IDisplayFormatter format)
    : IRequestHandler<CountActivities, IReadOnlyList<ActivityCount>>,
      IRequestHandler<GetMyTaskCounts, MyTaskCounts>,
      IRecordContacts
{
    /// <summary>The kinds that reach the customer: what "first contact" looks for.</summary>
    private static readonly ActivityKind[] Contacting = [ActivityKind.Call, ActivityKind.Note, ActivityKind.EmailSent, ActivityKind.SmsSent];

    private static readonly ActivityKind[] Counted =
        [ActivityKind.Call, ActivityKind.Meeting, ActivityKind.Task, ActivityKind.Note, ActivityKind.Event, ActivityKind.EmailSent, ActivityKind.SmsSent];

    public async ValueTask<IReadOnlyList<ActivityCount>> Handle(CountActivities request, CancellationToken cancellationToken)
    {
        var people = request.People.ToList();
        var counts = await db.Set<Activity>().AsNoTracking()
            .Where(a => a.OccurredAt >= request.FromUtc && a.OccurredAt < request.ToUtc && Counted.Contains(a.Kind))
            .Select(a => new { Person = a.Kind == ActivityKind.Task || a.Kind == ActivityKind.Meeting ? a.AssigneeId ?? a.CreatedBy : a.CreatedBy, a.Kind })
            .Where(a => a.Person != null && people.Contains(a.Person.Value))
            .GroupBy(a => new { a.Person, a.Kind })
            .Select(g => new { g.Key.Person, g.Key.Kind, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return [.. counts.Select(c => new ActivityCount(c.Person!.Value, c.Kind, c.Count))];
    }

    public async ValueTask<MyTaskCounts> Handle(GetMyTaskCounts request, CancellationToken cancellationToken)
    {
        var today = format.Today();
        var (start, tomorrow, week) = (Utc(today), Utc(today.AddDays(1)), Utc(today.AddDays(8)));
        var me = user.UserId;
        var counts = await db.Set<Activity>().AsNoTracking()
            .Where(a => a.AssigneeId == me && a.CompletedAt == null && (a.Kind == ActivityKind.Task || a.Kind == ActivityKind.Meeting) && a.OccurredAt < week)
            .GroupBy(a => 1)
            .Select(g => new MyTaskCounts(g.Count(a => a.OccurredAt < start), g.Count(a => a.OccurredAt >= start && a.OccurredAt < tomorrow), g.Count(a => a.OccurredAt >= tomorrow)))
            .FirstOrDefaultAsync(cancellationToken);
        return counts ?? new MyTaskCounts(0, 0, 0);
    }

    private DateTime Utc(DateOnly day) => format.ToUtc(day.ToDateTime(TimeOnly.MinValue));

    public IQueryable<FirstContact> FirstContacts(string recordType) =>
        db.Set<Activity>().AsNoTracking()
            .Where(a => a.RecordType == recordType && Contacting.Contains(a.Kind))
            .GroupBy(a => a.RecordId)
            .Select(g => new FirstContact { RecordId = g.Key, At = g.Min(a => a.OccurredAt) });
}
