namespace Crm.SharedKernel.Domain;

/// <summary>
/// An editable record with an optimistic concurrency token. The token is renewed on every save;
/// a save based on a stale token fails instead of overwriting someone else's change.
/// </summary>
public interface IConcurrencyAware
{
    Guid Version { get; set; }
}
