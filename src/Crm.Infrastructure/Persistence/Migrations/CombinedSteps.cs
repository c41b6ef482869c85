using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Infrastructure.Persistence.Migrations;

// Steps made before each module kept its own migrations, which built several owners' tables at once. Their ids stay, so
// databases made before the split see nothing new; each owner keeps its part (Crm.SharedKernel.Data.MigrationPartAttribute).

/// <summary>The audit trail (platform) and users, roles and teams (Identity).</summary>
[Migration("20261122000000_Initial")]
public sealed class Initial : CombinedMigration;

/// <summary>Notifications, Tags and Activities.</summary>
[Migration("20261130000000_ActivitiesTagsNotifications")]
public sealed class ActivitiesTagsNotifications : CombinedMigration;

/// <summary>Lead conversion (Leads), tag-group keys (Tags) and the pipeline (Sales).</summary>
[Migration("20261201000000_Pipeline")]
public sealed class Pipeline : CombinedMigration;
