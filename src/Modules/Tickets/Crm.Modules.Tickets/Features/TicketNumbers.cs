using System.Globalization;
using Crm.SharedKernel.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.Modules.Tickets.Features;

/// <summary>Numbers per series and Jalali year: <c>TCK-1405-000123</c> for tickets, <c>RPR-1405-000012</c> for repairs.</summary>
public static class TicketNumbers
{
    /// <summary>
    /// The counter row of the series' year is incremented in the caller's transaction, so a second record waits on its
    /// lock until the first commits, and numbers have neither gaps nor duplicates.
    /// </summary>
    public static async Task<string> NextAsync(DbContext db, string series, DateOnly localToday, CancellationToken cancellationToken)
    {
        var year = JalaliDate.ToJalali(localToday).Year.ToString(CultureInfo.InvariantCulture);
        // Tickets kept their key ("Ticket-1405") from before repairs had a series of their own.
        var key = (series == "TCK" ? "Ticket" : series) + "-" + year;
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("Numbers are taken inside the transaction that saves the record.");
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """INSERT INTO "TicketSequences" ("Key", "Last") VALUES (@key, 0) ON CONFLICT ("Key") DO NOTHING""";
        var parameter = command.CreateParameter();
        (parameter.ParameterName, parameter.Value) = ("@key", key);
        command.Parameters.Add(parameter);
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = """UPDATE "TicketSequences" SET "Last" = "Last" + 1 WHERE "Key" = @key RETURNING "Last" """;
        var number = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        return $"{series}-{year}-{number.ToString("000000", CultureInfo.InvariantCulture)}";
    }
}
