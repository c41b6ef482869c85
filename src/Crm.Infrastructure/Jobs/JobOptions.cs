namespace Crm.Infrastructure.Jobs;

/// <summary>The <c>Jobs</c> section: how this instance runs background jobs.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>False: this instance runs no jobs and shows no jobs pages; another instance does the work.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Jobs that run at the same time in this instance.</summary>
    public int Workers { get; set; } = 4;

    /// <summary>How often the store is asked for due and queued jobs; a due job starts within about this long.</summary>
    public double PollSeconds { get; set; } = 1;

    /// <summary>The wait before the first retry of a failed run; each later retry waits twice as long.</summary>
    public int RetryDelaySeconds { get; set; } = 30;

    /// <summary>The time zone schedules are read in.</summary>
    public string TimeZone { get; set; } = "Asia/Tehran";
}
