namespace Crm.SharedKernel.Time;

/// <summary>The working hours of one day of the week, in local time; <see cref="End"/> after <see cref="Start"/>.</summary>
public sealed record WorkingHours(TimeOnly Start, TimeOnly End)
{
    public TimeSpan Length => End - Start;
}

/// <summary>Which days of the week are worked, and when; a day without hours is off.</summary>
public sealed class WorkingWeek
{
    private readonly WorkingHours?[] _days = new WorkingHours?[7];

    public WorkingWeek(IReadOnlyDictionary<DayOfWeek, WorkingHours?> days)
    {
        foreach (var (day, hours) in days)
        {
            if (hours is not null && hours.End <= hours.Start)
            {
                throw new ArgumentException($"{day}: the working day must end after it starts.", nameof(days));
            }

            _days[(int)day] = hours;
        }
    }

    /// <summary>The Iranian office week: Saturday to Wednesday 08:00–16:00, Thursday 08:00–12:00, Friday off.</summary>
    public static WorkingWeek Iranian { get; } = new(new Dictionary<DayOfWeek, WorkingHours?>
    {
        [DayOfWeek.Saturday] = new(new TimeOnly(8, 0), new TimeOnly(16, 0)),
        [DayOfWeek.Sunday] = new(new TimeOnly(8, 0), new TimeOnly(16, 0)),
        [DayOfWeek.Monday] = new(new TimeOnly(8, 0), new TimeOnly(16, 0)),
        [DayOfWeek.Tuesday] = new(new TimeOnly(8, 0), new TimeOnly(16, 0)),
        [DayOfWeek.Wednesday] = new(new TimeOnly(8, 0), new TimeOnly(16, 0)),
        [DayOfWeek.Thursday] = new(new TimeOnly(8, 0), new TimeOnly(12, 0)),
        [DayOfWeek.Friday] = null,
    });

    public WorkingHours? this[DayOfWeek day] => _days[(int)day];

    public bool HasWorkingDays => _days.Any(d => d is not null);
}

/// <summary>
/// Working time on a working week with holidays, in one time zone: "due in 4 working hours", "3 working days after",
/// "working time between". Instants in and out are UTC; days and hours are the zone's local ones. Built once and
/// shared (immutable), it answers from memory: a day costs two time-zone conversions.
/// </summary>
public sealed class WorkingCalendar
{
    // Ten years: no working amount a workflow or SLA asks for goes further; a calendar with every day a holiday stops here.
    private const int DaysSearched = 3660;

    private readonly WorkingWeek _week;
    private readonly TimeZoneInfo _zone;
    private readonly HashSet<DateOnly> _holidays;

    public WorkingCalendar(WorkingWeek week, TimeZoneInfo zone, IEnumerable<DateOnly> holidays)
    {
        if (!week.HasWorkingDays)
        {
            throw new ArgumentException("A working week needs at least one working day.", nameof(week));
        }

        _week = week;
        _zone = zone;
        _holidays = [.. holidays];
    }

    public TimeZoneInfo Zone => _zone;

    /// <summary>
    /// A number that changes when the zone, the week's hours or the holidays do: what work that stored instants worked out
    /// on the calendar compares to know the calendar has changed since.
    /// </summary>
    public long Fingerprint => _fingerprint ??= Hash();

    private long? _fingerprint;

    private long Hash()
    {
        var text = new System.Text.StringBuilder(_zone.Id);
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            text.Append('|').Append(_week[day] is { } hours ? $"{hours.Start:HH:mm}-{hours.End:HH:mm}" : "-");
        }

        foreach (var holiday in _holidays.Order())
        {
            text.Append('|').Append(holiday.DayNumber);
        }

        return BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())), 0);
    }

    public WorkingWeek Week => _week;

    public bool IsHoliday(DateOnly localDate) => _holidays.Contains(localDate);

    public bool IsWorkingDay(DateOnly localDate) => _week[localDate.DayOfWeek] is not null && !_holidays.Contains(localDate);

    /// <summary>The local date of an instant.</summary>
    public DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(AsUtc(utc), _zone));

    /// <summary>The working hours of a local date as UTC instants, or null on a day off.</summary>
    public (DateTime StartUtc, DateTime EndUtc)? WorkingSpan(DateOnly localDate)
    {
        if (!IsWorkingDay(localDate))
        {
            return null;
        }

        var hours = _week[localDate.DayOfWeek]!;
        return (ToUtc(localDate, hours.Start), ToUtc(localDate, hours.End));
    }

    /// <summary>The instant itself when it falls in working hours, otherwise the start of the next working hours.</summary>
    public DateTime NextWorkingInstant(DateTime utc) => AddWorkingTime(utc, TimeSpan.Zero, moveToWorkingHours: true);

    /// <summary>
    /// The instant <paramref name="amount"/> of working time after <paramref name="startUtc"/>: time outside working
    /// hours, on days off and on holidays does not count. An amount that ends exactly at the close of a day ends there.
    /// </summary>
    public DateTime AddWorkingTime(DateTime startUtc, TimeSpan amount) => AddWorkingTime(startUtc, amount, moveToWorkingHours: false);

    /// <summary>
    /// The same local time of day on the <paramref name="days"/>-th working day after the start's date, moved into
    /// that day's working hours when it falls outside them ("3 working days after the quote was sent").
    /// </summary>
    public DateTime AddWorkingDays(DateTime startUtc, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        if (days == 0)
        {
            return AsUtc(startUtc);
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(AsUtc(startUtc), _zone);
        var date = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        for (var searched = 0; searched < DaysSearched; searched++)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date) && --days == 0)
            {
                var hours = _week[date.DayOfWeek]!;
                var clamped = time < hours.Start ? hours.Start : time > hours.End ? hours.End : time;
                return ToUtc(date, clamped);
            }
        }

        throw new InvalidOperationException("No working day in the next ten years.");
    }

    /// <summary>The working time between two instants (zero when <paramref name="toUtc"/> is not after <paramref name="fromUtc"/>).</summary>
    public TimeSpan WorkingTimeBetween(DateTime fromUtc, DateTime toUtc)
    {
        fromUtc = AsUtc(fromUtc);
        toUtc = AsUtc(toUtc);
        if (toUtc <= fromUtc)
        {
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        var last = LocalDate(toUtc);
        for (var date = LocalDate(fromUtc); date <= last; date = date.AddDays(1))
        {
            if (WorkingSpan(date) is not var (start, end))
            {
                continue;
            }

            var from = start > fromUtc ? start : fromUtc;
            var to = end < toUtc ? end : toUtc;
            if (to > from)
            {
                total += to - from;
            }
        }

        return total;
    }

    private DateTime AddWorkingTime(DateTime startUtc, TimeSpan amount, bool moveToWorkingHours)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(amount, TimeSpan.Zero);
        var at = AsUtc(startUtc);
        if (amount == TimeSpan.Zero && !moveToWorkingHours)
        {
            return at;
        }

        var remaining = amount;
        var date = LocalDate(at);
        for (var searched = 0; searched < DaysSearched; searched++, date = date.AddDays(1))
        {
            if (WorkingSpan(date) is not var (start, end) || at >= end)
            {
                continue;
            }

            var from = start > at ? start : at;
            if (remaining <= end - from)
            {
                return from + remaining;
            }

            remaining -= end - from;
        }

        throw new InvalidOperationException("No working hours in the next ten years.");
    }

    private DateTime ToUtc(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        // A clock moved forward skips an hour (Iran did until 2022, at midnight); a working hour in the gap starts after it.
        if (_zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, _zone);
    }

    private static DateTime AsUtc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}

/// <summary>The organisation's working calendar as it stands now (working week, holidays, time zone); cached, and rebuilt after a change.</summary>
public interface IWorkingCalendarSource
{
    Task<WorkingCalendar> GetAsync(CancellationToken cancellationToken);
}
