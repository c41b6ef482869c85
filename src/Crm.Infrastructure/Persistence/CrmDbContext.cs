using System.Linq.Expressions;
using System.Text.Json;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Modules;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Time;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Crm.Infrastructure.Persistence;

/// <summary>
/// The one application database. Each module adds its entities through <see cref="ICrmModule.ConfigureModel"/>;
/// the conventions every module inherits (UTC timestamps, audit, soft delete, concurrency) live here.
/// </summary>
public sealed class CrmDbContext(
    DbContextOptions<CrmDbContext> options,
    IEnumerable<ICrmModule> modules,
    ICurrentUser currentUser,
    IClock clock,
    AuditOptions auditOptions,
    IEnumerable<ISavedChangesListener> changeListeners,
    IEnumerable<SharedKernel.Records.RecordSchema>? schemas = null,
    IEnumerable<SharedKernel.Records.IRecordChangeObserver>? changeObservers = null) : DbContext(options), IDataProtectionKeyContext
{
    private readonly Dictionary<Type, SharedKernel.Records.RecordSchema> _schemas = (schemas ?? []).ToDictionary(s => s.EntityType);

    private readonly List<SharedKernel.Records.IRecordChangeObserver> _changeObservers = [.. changeObservers ?? []];

    private static readonly HashSet<string> UnauditedProperties =
    [
        nameof(IAuditable.CreatedAt), nameof(IAuditable.CreatedBy), nameof(IAuditable.ModifiedAt), nameof(IAuditable.ModifiedBy),
        nameof(IConcurrencyAware.Version), "ConcurrencyStamp", "SecurityStamp", "PasswordHash",
    ];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Microsoft.EntityFrameworkCore.Metadata.IModel Model, Type Type), System.Reflection.PropertyInfo[]> TextProperties = new();

    private readonly List<IDomainEvent> _pendingEvents = [];

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Jobs.JobRun> JobRuns => Set<Jobs.JobRun>();

    public DbSet<Imports.ImportRun> ImportRuns => Set<Imports.ImportRun>();

    public DbSet<Imports.ImportIssue> ImportIssues => Set<Imports.ImportIssue>();

    public DbSet<Imports.ImportMapping> ImportMappings => Set<Imports.ImportMapping>();

    public DbSet<Lists.SavedView> SavedViews => Set<Lists.SavedView>();

    public DbSet<Files.StoredFile> StoredFiles => Set<Files.StoredFile>();

    public DbSet<Calendar.Holiday> Holidays => Set<Calendar.Holiday>();

    public DbSet<Calendar.WorkingDay> WorkingDays => Set<Calendar.WorkingDay>();

    /// <summary>The data-protection key ring every instance shares (cookies, anti-forgery tokens, unsubscribe links); no page reads it.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Domain events of the entities saved since the last call.</summary>
    public IReadOnlyList<IDomainEvent> TakeDomainEvents()
    {
        var events = _pendingEvents.ToList();
        _pendingEvents.Clear();
        return events;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var written = ApplyConventions(out var recordChanges);
        foreach (var observer in recordChanges.Count > 0 ? _changeObservers : [])
        {
            await observer.ObserveAsync(this, recordChanges, cancellationToken);
        }

        var result = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await NotifySavedAsync(written, cancellationToken);
        return result;
    }

    /// <summary>What a save does to new records written past the change tracker (<see cref="BulkInserter"/>): stamps them and keeps their domain events.</summary>
    internal void PrepareUntrackedInserts(IEnumerable<Entity> entities)
    {
        var now = clock.UtcNow;
        var userId = currentUser.UserId;
        foreach (var entity in entities)
        {
            if (entity is IAuditable auditable)
            {
                StampCreated(auditable, now, userId);
            }

            foreach (var property in TextProperties.GetOrAdd((Model, entity.GetType()), key =>
                         [.. key.Model.FindEntityType(key.Type)?.GetProperties().Where(p => p.ClrType == typeof(string) && p.PropertyInfo is { CanWrite: true })
                             .Select(p => p.PropertyInfo!) ?? []]))
            {
                if (property.GetValue(entity) is string text && BidiControls.Strip(text) is var clean && !ReferenceEquals(clean, text))
                {
                    property.SetValue(entity, clean);
                }
            }

            KeepDomainEvents(entity);
        }
    }

    /// <summary>No stored text keeps direction overrides (<see cref="BidiControls"/>), whichever module wrote it.</summary>
    private static void StripBidiControls(EntityEntry entry)
    {
        foreach (var property in entry.Properties)
        {
            if (property.CurrentValue is string text && BidiControls.Strip(text) is var clean && !ReferenceEquals(clean, text))
            {
                property.CurrentValue = clean;
            }
        }
    }

    /// <summary>
    /// Tells the listeners watching a written type, here and (on PostgreSQL) in every other instance: the notice goes
    /// out on this connection, so inside a transaction it leaves when the transaction commits, never before.
    /// </summary>
    internal async Task NotifySavedAsync(IReadOnlySet<Type> written, CancellationToken cancellationToken)
    {
        if (written.Count == 0)
        {
            return;
        }

        var watched = changeListeners.SelectMany(l => l.Watches).Where(written.Contains).ToHashSet();
        if (watched.Count == 0)
        {
            return;
        }

        foreach (var listener in changeListeners.Where(l => l.Watches.Overlaps(watched)))
        {
            listener.Saved(watched);
        }

        if (Database.ProviderName == DatabaseProviders.NpgsqlProviderName)
        {
            var payload = Caching.ClusterSignals.SavedPayload(watched);
            // Not cancelled: the save has happened, and the others must hear of it.
            await Database.ExecuteSqlAsync($"SELECT pg_notify({Caching.ClusterSignals.Channel}, {payload})", CancellationToken.None);
        }
    }

    private static void StampCreated(IAuditable auditable, DateTime now, Guid? userId)
    {
        auditable.CreatedAt = now;
        auditable.CreatedBy ??= userId;
    }

    private void KeepDomainEvents(object entity)
    {
        if (entity is IHasDomainEvents withEvents && withEvents.DomainEvents.Count > 0)
        {
            _pendingEvents.AddRange(withEvents.DomainEvents);
            withEvents.ClearDomainEvents();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuditEntry>(b =>
        {
            b.ToTable("AuditEntries");
            b.Property(e => e.EntityType).HasMaxLength(200);
            b.Property(e => e.EntityId).HasMaxLength(64);
            b.Property(e => e.Action).HasMaxLength(16);
            b.HasIndex(e => new { e.EntityType, e.EntityId });
            b.HasIndex(e => e.At);
        });

        modelBuilder.Entity<Jobs.JobRun>(b =>
        {
            b.ToTable("JobRuns");
            b.Property(r => r.JobKey).HasMaxLength(200);
            b.Property(r => r.Error).HasMaxLength(2000);
            b.Property(r => r.Instance).HasMaxLength(200);
            b.HasIndex(r => new { r.JobKey, r.StartedAt });
            b.HasIndex(r => r.StartedAt);
        });

        modelBuilder.Entity<Imports.ImportRun>(b =>
        {
            b.ToTable("ImportRuns");
            b.Property(r => r.TargetKey).HasMaxLength(64);
            b.Property(r => r.FileName).HasMaxLength(260);
            b.Property(r => r.StoredName).HasMaxLength(100);
            b.Property(r => r.Error).HasMaxLength(2000);
            b.Property(r => r.Culture).HasMaxLength(10);
            b.HasIndex(r => new { r.Status, r.CreatedAt });
            b.HasIndex(r => new { r.UserId, r.CreatedAt });
        });

        modelBuilder.Entity<Imports.ImportIssue>(b =>
        {
            b.ToTable("ImportIssues");
            b.Property(i => i.Reason).HasMaxLength(500);
            b.HasIndex(i => new { i.ImportId, i.RowNumber });
        });

        modelBuilder.Entity<Imports.ImportMapping>(b =>
        {
            b.ToTable("ImportMappings");
            b.Property(m => m.TargetKey).HasMaxLength(64);
            b.Property(m => m.HeaderSignature).HasMaxLength(64);
            b.HasIndex(m => new { m.TargetKey, m.HeaderSignature }).IsUnique();
        });

        modelBuilder.Entity<Lists.SavedView>(b =>
        {
            b.ToTable("SavedViews");
            b.Property(v => v.ListKey).HasMaxLength(64);
            b.Property(v => v.Name).HasMaxLength(100);
            b.Property(v => v.Query).HasMaxLength(2000);
            b.HasIndex(v => new { v.UserId, v.ListKey });
        });

        modelBuilder.Entity<Files.StoredFile>(b =>
        {
            b.ToTable("StoredFiles");
            b.HasKey(f => f.Name);
            b.Property(f => f.Name).HasMaxLength(SharedKernel.Files.StoredFileNames.MaxLength);
        });

        modelBuilder.Entity<DataProtectionKey>(b =>
        {
            b.ToTable("DataProtectionKeys");
            b.Property(k => k.FriendlyName).HasMaxLength(100);
        });

        modelBuilder.Entity<Calendar.Holiday>(b =>
        {
            b.ToTable("Holidays");
            b.Property(h => h.NamePersian).HasMaxLength(Calendar.Holiday.NameMaxLength);
            b.Property(h => h.NameEnglish).HasMaxLength(Calendar.Holiday.NameMaxLength);
        });

        modelBuilder.Entity<Calendar.WorkingDay>(b =>
        {
            b.ToTable("WorkingDays");
            b.HasKey(d => d.DayOfWeek);
            b.Property(d => d.DayOfWeek).ValueGeneratedNever();
        });

        foreach (var module in modules)
        {
            module.ConfigureModel(modelBuilder);
        }

        var postgres = Database.ProviderName == DatabaseProviders.NpgsqlProviderName;
        ApplyModelConventions(modelBuilder, postgres);
        MapReportFunctions(modelBuilder, postgres);
    }

    /// <summary>
    /// <see cref="SharedKernel.Reports.SqlDays.Between"/>: on PostgreSQL the difference of the two timestamps' epoch
    /// seconds over 86,400; on SQLite the difference of their Julian day numbers (the dates are stored as ISO text).
    /// </summary>
    private static void MapReportFunctions(ModelBuilder modelBuilder, bool postgres)
    {
        var method = typeof(SharedKernel.Reports.SqlDays).GetMethod(nameof(SharedKernel.Reports.SqlDays.Between))!;
        var number = new DoubleTypeMapping(postgres ? "double precision" : "REAL");
        modelBuilder.HasDbFunction(method).HasTranslation(args =>
        {
            SqlExpression Point(SqlExpression date) => postgres
                ? new SqlFunctionExpression("date_part", [new SqlFragmentExpression("'epoch'"), date], true, [false, true], typeof(double), number)
                : new SqlFunctionExpression("julianday", [date], true, [true], typeof(double), number);
            var difference = new SqlBinaryExpression(ExpressionType.Subtract, Point(args[1]), Point(args[0]), typeof(double), number);
            return postgres
                ? new SqlBinaryExpression(ExpressionType.Divide, difference, new SqlConstantExpression(86400.0, typeof(double), number), typeof(double), number)
                : difference;
        });
    }

    private static void ApplyModelConventions(ModelBuilder modelBuilder, bool postgres)
    {
        var utc = new ValueConverter<DateTime, DateTime>(
            v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
            v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        var utcNullable = new ValueConverter<DateTime?, DateTime?>(
            v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
            v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));

        foreach (var entityType in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entityType.GetProperties())
            {
                if (property.ClrType == typeof(DateTime))
                {
                    property.SetValueConverter(utc);
                }
                else if (property.ClrType == typeof(DateTime?))
                {
                    property.SetValueConverter(utcNullable);
                }
                else if (postgres && property.FindAnnotation(SharedKernel.Lists.SearchKeys.Annotation) is not null)
                {
                    // Byte order, as on SQLite: prefix ranges on normalised keys then seek the index.
                    property.SetCollation("C");
                }
            }

            var clr = entityType.ClrType;
            if (typeof(Entity).IsAssignableFrom(clr) && entityType.BaseType is null)
            {
                // Keys are made by the application (Guid v7), so a new child found in a navigation is an insert, not an update.
                entityType.FindProperty(nameof(Entity.Id))!.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
            }

            if (typeof(IConcurrencyAware).IsAssignableFrom(clr))
            {
                entityType.FindProperty(nameof(IConcurrencyAware.Version))!.IsConcurrencyToken = true;
            }

            if (typeof(ISoftDeletable).IsAssignableFrom(clr) && entityType.BaseType is null)
            {
                var parameter = Expression.Parameter(clr, "e");
                var filter = Expression.Lambda(
                    Expression.Not(Expression.Property(parameter, nameof(ISoftDeletable.IsDeleted))), parameter);
                modelBuilder.Entity(clr).HasQueryFilter(filter);
                modelBuilder.Entity(clr).HasIndex(nameof(ISoftDeletable.IsDeleted));
            }
        }
    }

    /// <summary>Stamps, soft-deletes, audits and versions what is about to be saved; returns the entity types written.</summary>
    private HashSet<Type> ApplyConventions(out List<SharedKernel.Records.RecordChange> recordChanges)
    {
        recordChanges = [];
        var now = clock.UtcNow;
        var userId = currentUser.UserId;
        var audits = new List<AuditEntry>();
        var written = new HashSet<Type>();

        foreach (var entry in ChangeTracker.Entries().ToList())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            written.Add(entry.Metadata.ClrType);
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                StripBidiControls(entry);
                if (_changeObservers.Count > 0 && _schemas.TryGetValue(entry.Metadata.ClrType, out var schema) && RecordChangeOf(entry, schema) is { } change)
                {
                    recordChanges.Add(change);
                }
            }

            var action = entry.State switch
            {
                EntityState.Added => "Created",
                EntityState.Deleted => "Deleted",
                _ => "Updated",
            };

            if (entry.State == EntityState.Deleted && entry.Entity is ISoftDeletable deletable)
            {
                entry.State = EntityState.Modified;
                deletable.IsDeleted = true;
                deletable.DeletedAt = now;
                deletable.DeletedBy = userId;
            }
            else if (entry.State == EntityState.Modified && entry.Entity is ISoftDeletable restored
                     && !restored.IsDeleted && entry.Property(nameof(ISoftDeletable.IsDeleted)).OriginalValue is true)
            {
                action = "Restored";
                restored.DeletedAt = null;
                restored.DeletedBy = null;
            }

            if (entry.Entity is IAuditable auditable)
            {
                if (entry.State == EntityState.Added)
                {
                    StampCreated(auditable, now, userId);
                }
                else
                {
                    auditable.ModifiedAt = now;
                    auditable.ModifiedBy = userId;
                }

                var audit = auditOptions.RecordChanges ? Audit(entry, action, userId, now) : null;
                if (audit is not null)
                {
                    audits.Add(audit);
                }
            }

            if (entry.Entity is IConcurrencyAware concurrent && entry.State == EntityState.Modified)
            {
                concurrent.Version = Guid.NewGuid();
            }

            KeepDomainEvents(entry.Entity);
        }

        AuditEntries.AddRange(audits);
        return written;
    }

    /// <summary>A published record created, or changed in one of its schema's fields (a soft delete is neither).</summary>
    private static SharedKernel.Records.RecordChange? RecordChangeOf(EntityEntry entry, SharedKernel.Records.RecordSchema schema)
    {
        var id = (Guid)entry.Property(nameof(Entity.Id)).CurrentValue!;
        if (entry.State == EntityState.Added)
        {
            return new(schema, id, true, schema.ValuesOf(entry.Entity), new Dictionary<string, object?>());
        }

        if (entry.Entity is ISoftDeletable { IsDeleted: true })
        {
            return null;
        }

        var before = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in schema.Fields)
        {
            if (entry.Metadata.FindProperty(field.Name) is not null && entry.Property(field.Name) is { IsModified: true } property
                && !Equals(property.OriginalValue, property.CurrentValue))
            {
                before[field.Name] = SharedKernel.Records.RecordSchema.Normalize(property.OriginalValue);
            }
        }

        return before.Count == 0 ? null : new(schema, id, false, schema.ValuesOf(entry.Entity), before);
    }

    private static AuditEntry? Audit(EntityEntry entry, string action, Guid? userId, DateTime now)
    {
        var changes = new Dictionary<string, object?>();
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (UnauditedProperties.Contains(name) || property.Metadata.IsPrimaryKey())
            {
                continue;
            }

            if (entry.State == EntityState.Added)
            {
                if (property.CurrentValue is not null)
                {
                    changes[name] = new { old = (object?)null, @new = property.CurrentValue };
                }
            }
            else if (property.IsModified && !Equals(property.OriginalValue, property.CurrentValue))
            {
                changes[name] = new { old = property.OriginalValue, @new = property.CurrentValue };
            }
        }

        if (changes.Count == 0)
        {
            return null;
        }

        var key = entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString());
        return new AuditEntry
        {
            EntityType = entry.Metadata.ClrType.Name,
            EntityId = string.Join(",", key),
            Action = action,
            Changes = JsonSerializer.Serialize(changes),
            UserId = userId,
            At = now,
        };
    }
}
