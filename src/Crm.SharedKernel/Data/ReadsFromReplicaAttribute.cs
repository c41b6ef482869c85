namespace Crm.SharedKernel.Data;

/// <summary>
/// The read replica report queries go to (<c>Database:ReportsConnectionString</c>, a PostgreSQL standby kept by
/// streaming replication), or none.
/// </summary>
public sealed record ReadReplica(string? ConnectionString);

/// <summary>
/// Marks pages whose queries go to the <see cref="ReadReplica"/> when one is configured, so long report reads leave
/// the primary to the day's writes. GET and HEAD only: a post on the same controller writes to the primary. The
/// signed-in user's account is still checked on the primary, before the page's connection is opened; a standby lags
/// the primary by a moment, which a report can bear.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class ReadsFromReplicaAttribute : Attribute;
