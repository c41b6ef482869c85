using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.SharedKernel.Data;

/// <summary>What a module's hand-written migrations need to know about the provider they run on.</summary>
public static class MigrationBuilderExtensions
{
    public const string NpgsqlProviderName = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>Collation of search-key columns: byte order ("C") on PostgreSQL, the default elsewhere.</summary>
    public static string? SearchKeyCollation(this MigrationBuilder migration) =>
        migration.ActiveProvider == NpgsqlProviderName ? "C" : null;
}
