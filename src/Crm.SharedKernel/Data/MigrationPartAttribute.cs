namespace Crm.SharedKernel.Data;

/// <summary>
/// Marks a <see cref="Microsoft.EntityFrameworkCore.Migrations.Migration"/> as one owner's share of a step that, before each
/// module kept its own migrations, built several modules' tables at once. The step keeps its id, so databases made before the
/// split see nothing new; the platform runs the shares as one migration, platform first, then modules in registry order.
/// New migrations never need this: they carry <c>[Migration]</c> with an id of their own.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class MigrationPartAttribute(string migrationId) : Attribute
{
    public string MigrationId { get; } = migrationId;
}
