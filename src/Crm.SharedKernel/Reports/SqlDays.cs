namespace Crm.SharedKernel.Reports;

/// <summary>
/// Date arithmetic the database does for reports (velocity, sales-cycle length, response time), so averages over millions
/// of rows come back as one number: the persistence layer translates it for each provider.
/// </summary>
public static class SqlDays
{
    /// <summary>The days (with their fraction) from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static double Between(DateTime from, DateTime to) => (to - from).TotalDays;
}
