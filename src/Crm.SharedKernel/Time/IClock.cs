namespace Crm.SharedKernel.Time;

/// <summary>The current time, always UTC. Injected so tests can control it.</summary>
public interface IClock
{
    DateTime UtcNow { get; }
}
