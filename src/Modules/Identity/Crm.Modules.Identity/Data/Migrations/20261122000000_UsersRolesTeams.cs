using Crm.SharedKernel.Data;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Modules.Identity.Data.Migrations;

/// <summary>Users, roles, their claims, and teams. Column types are left to each provider (no <c>type:</c>), so the same migration builds the schema on SQLite and on PostgreSQL.</summary>
[MigrationPart("20261122000000_Initial")]
public sealed class UsersRolesTeams : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Teams",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 200, nullable: false),
                LeaderId = t.Column<Guid>(nullable: true),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                IsDeleted = t.Column<bool>(nullable: false),
                DeletedAt = t.Column<DateTime>(nullable: true),
                DeletedBy = t.Column<Guid>(nullable: true),
                Version = t.Column<Guid>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Teams", x => x.Id));
        migrationBuilder.CreateIndex("IX_Teams_IsDeleted", "Teams", "IsDeleted");
        migrationBuilder.CreateIndex("IX_Teams_LeaderId", "Teams", "LeaderId");

        migrationBuilder.CreateTable(
            name: "Roles",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 256, nullable: true),
                NormalizedName = t.Column<string>(maxLength: 256, nullable: true),
                ConcurrencyStamp = t.Column<string>(nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_Roles", x => x.Id));
        migrationBuilder.CreateIndex("RoleNameIndex", "Roles", "NormalizedName", unique: true);

        migrationBuilder.CreateTable(
            name: "Users",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                DisplayName = t.Column<string>(maxLength: 200, nullable: false),
                PreferredCulture = t.Column<string>(maxLength: 10, nullable: true),
                TeamId = t.Column<Guid>(nullable: true),
                IsActive = t.Column<bool>(nullable: false),
                MustChangePassword = t.Column<bool>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                CreatedBy = t.Column<Guid>(nullable: true),
                ModifiedAt = t.Column<DateTime>(nullable: true),
                ModifiedBy = t.Column<Guid>(nullable: true),
                UserName = t.Column<string>(maxLength: 256, nullable: true),
                NormalizedUserName = t.Column<string>(maxLength: 256, nullable: true),
                Email = t.Column<string>(maxLength: 256, nullable: true),
                NormalizedEmail = t.Column<string>(maxLength: 256, nullable: true),
                EmailConfirmed = t.Column<bool>(nullable: false),
                PasswordHash = t.Column<string>(nullable: true),
                SecurityStamp = t.Column<string>(nullable: true),
                ConcurrencyStamp = t.Column<string>(nullable: true),
                PhoneNumber = t.Column<string>(maxLength: 32, nullable: true),
                PhoneNumberConfirmed = t.Column<bool>(nullable: false),
                TwoFactorEnabled = t.Column<bool>(nullable: false),
                LockoutEnd = t.Column<DateTimeOffset>(nullable: true),
                LockoutEnabled = t.Column<bool>(nullable: false),
                AccessFailedCount = t.Column<int>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_Users", x => x.Id);
                t.ForeignKey("FK_Users_Teams_TeamId", x => x.TeamId, "Teams", "Id", onDelete: ReferentialAction.SetNull);
            });
        migrationBuilder.CreateIndex("EmailIndex", "Users", "NormalizedEmail");
        migrationBuilder.CreateIndex("UserNameIndex", "Users", "NormalizedUserName", unique: true);
        migrationBuilder.CreateIndex("IX_Users_TeamId", "Users", "TeamId");

        migrationBuilder.CreateTable(
            name: "RoleClaims",
            columns: t => new
            {
                Id = t.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                RoleId = t.Column<Guid>(nullable: false),
                ClaimType = t.Column<string>(maxLength: 256, nullable: true),
                ClaimValue = t.Column<string>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_RoleClaims", x => x.Id);
                t.ForeignKey("FK_RoleClaims_Roles_RoleId", x => x.RoleId, "Roles", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_RoleClaims_RoleId", "RoleClaims", "RoleId");

        migrationBuilder.CreateTable(
            name: "UserClaims",
            columns: t => new
            {
                Id = t.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                UserId = t.Column<Guid>(nullable: false),
                ClaimType = t.Column<string>(maxLength: 256, nullable: true),
                ClaimValue = t.Column<string>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_UserClaims", x => x.Id);
                t.ForeignKey("FK_UserClaims_Users_UserId", x => x.UserId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_UserClaims_UserId", "UserClaims", "UserId");

        migrationBuilder.CreateTable(
            name: "UserRoles",
            columns: t => new
            {
                UserId = t.Column<Guid>(nullable: false),
                RoleId = t.Column<Guid>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_UserRoles", x => new { x.UserId, x.RoleId });
                t.ForeignKey("FK_UserRoles_Roles_RoleId", x => x.RoleId, "Roles", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_UserRoles_Users_UserId", x => x.UserId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_UserRoles_RoleId", "UserRoles", "RoleId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("UserRoles");
        migrationBuilder.DropTable("UserClaims");
        migrationBuilder.DropTable("RoleClaims");
        migrationBuilder.DropTable("Users");
        migrationBuilder.DropTable("Roles");
        migrationBuilder.DropTable("Teams");
    }
}
