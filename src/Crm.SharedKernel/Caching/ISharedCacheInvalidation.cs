namespace Crm.SharedKernel.Caching;

/// <summary>
/// Drops an <c>IMemoryCache</c> entry in this app instance and, through the database, in every other instance on the
/// same PostgreSQL database within a second. Use it wherever a change makes a cached entry wrong; keep the entry's
/// time-based expiry as the safety net.
/// </summary>
public interface ISharedCacheInvalidation
{
    void Remove(string key);
}
