using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Crm.Infrastructure.Persistence.Migrations;

/// <summary>
/// What several app instances on one database share (ADR 0018): the data-protection key ring, so a cookie, an
/// anti-forgery token or an unsubscribe link made by one instance is read by every other; and the file store's table.
/// </summary>
[Migration("20261208000000_SharedKeysAndFiles")]
public sealed class SharedKeysAndFiles : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "DataProtectionKeys",
            columns: t => new
            {
                Id = t.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                FriendlyName = t.Column<string>(maxLength: 100, nullable: true),
                Xml = t.Column<string>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_DataProtectionKeys", x => x.Id));

        migrationBuilder.CreateTable(
            name: "StoredFiles",
            columns: t => new
            {
                Name = t.Column<string>(maxLength: 200, nullable: false),
                Length = t.Column<long>(nullable: false),
                Content = t.Column<byte[]>(nullable: false),
                StoredAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_StoredFiles", x => x.Name));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("StoredFiles");
        migrationBuilder.DropTable("DataProtectionKeys");
    }
}
