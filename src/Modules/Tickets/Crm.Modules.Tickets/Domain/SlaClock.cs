using Crm.SharedKernel.Time;

namespace Crm.Modules.Tickets.Domain;

/// <summary>A span of time in which a ticket's clocks stood still; <see cref="To"/> is null while it still does.</summary>
public readonly record struct Pause(DateTime From, DateTime? To);

/// <summary>
/// Where a target's clock stands: the instants it reaches its warning share and its whole length in working time, not
/// counting the pauses, and the working time it has stood paused so far. A clock paused now has no instants yet.
/// </summary>
public static class SlaClock
{
    public static (DateTime? WarnAt, DateTime? DueAt, int PausedMinutes) Compute(
        DateTime start, int targetMinutes, int warnPercent, IReadOnlyList<Pause> pauses, DateTime now, WorkingCalendar calendar)
    {
        var warnMinutes = (int)Math.Ceiling(targetMinutes * Math.Clamp(warnPercent, 1, 99) / 100.0);
        var paused = TimeSpan.Zero;
        foreach (var pause in pauses)
        {
            var from = pause.From > start ? pause.From : start;
            var to = pause.To ?? now;
            if (to > from)
            {
                paused += calendar.WorkingTimeBetween(from, to);
            }
        }

        return (Reach(start, warnMinutes, pauses, calendar), Reach(start, targetMinutes, pauses, calendar), (int)Math.Round(paused.TotalMinutes));
    }

    /// <summary>The instant <paramref name="minutes"/> of working time have run from <paramref name="start"/> outside the pauses.</summary>
    private static DateTime? Reach(DateTime start, int minutes, IReadOnlyList<Pause> pauses, WorkingCalendar calendar)
    {
        var at = start;
        var remaining = TimeSpan.FromMinutes(minutes);
        foreach (var pause in pauses.OrderBy(p => p.From))
        {
            if (pause.To is { } end && end <= at)
            {
                continue;
            }

            if (pause.From > at)
            {
                var running = calendar.WorkingTimeBetween(at, pause.From);
                if (running >= remaining)
                {
                    return calendar.AddWorkingTime(at, remaining);
                }

                remaining -= running;
            }

            if (pause.To is null)
            {
                return null;
            }

            at = pause.To.Value > at ? pause.To.Value : at;
        }

        return calendar.AddWorkingTime(at, remaining);
    }
}
