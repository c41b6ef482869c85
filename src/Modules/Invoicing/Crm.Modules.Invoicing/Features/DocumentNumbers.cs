using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Crm.Modules.Invoicing.Features;

/// <summary>
/// Sequential document numbers per document type and Jalali fiscal year. The counter row is incremented inside the
/// caller's transaction: a second issuer waits on the row lock until the first commits, and a rolled-back issue gives
/// its number back, so numbers have neither gaps nor duplicates.
/// </summary>
public static partial class DocumentNumbers
{
    /// <summary>Writes a number by a pattern such as <c>INV-{year}-{number:6}</c>.</summary>
    public static string Format(string pattern, int year, long number) =>
        Token().Replace(pattern, m => m.Groups[1].Value == "year"
            ? year.ToString(CultureInfo.InvariantCulture)
            : number.ToString(CultureInfo.InvariantCulture).PadLeft(m.Groups[2].Success ? int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : 1, '0'));

    /// <summary>A pattern must hold <c>{number}</c> (or <c>{number:N}</c>, N up to 12) and may hold <c>{year}</c>; nothing else in braces.</summary>
    public static bool IsValidPattern(string? pattern) =>
        !string.IsNullOrWhiteSpace(pattern) && pattern.Length <= 30
        && Token().Matches(pattern).Count(m => m.Groups[1].Value == "number" && (!m.Groups[2].Success || int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) is >= 1 and <= 12)) == 1
        && !Token().Replace(pattern, "").Any(c => c is '{' or '}');

    /// <summary>The next number of <paramref name="key"/> (e.g. <c>Invoice-1405</c>), in the current transaction, which the caller must have begun.</summary>
    public static async Task<long> NextAsync(DbContext db, string key, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Document numbers are taken inside the transaction that issues the document.");
        var connection = db.Database.GetDbConnection();
        await using (var insert = Command(connection, transaction, key,
            """INSERT INTO "DocumentSequences" ("Key", "Last") VALUES (@key, 0) ON CONFLICT ("Key") DO NOTHING"""))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var update = Command(connection, transaction, key,
            """UPDATE "DocumentSequences" SET "Last" = "Last" + 1 WHERE "Key" = @key RETURNING "Last" """);
        return Convert.ToInt64(await update.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string key, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@key";
        parameter.Value = key;
        command.Parameters.Add(parameter);
        return command;
    }

    [GeneratedRegex(@"\{(year|number)(?::(\d{1,2}))?\}")]
    private static partial Regex Token();
}
