namespace Crm.SharedKernel.Messaging;

/// <summary>A message delivered to every registered handler (zero or more).</summary>
#pragma warning disable CA1040 // marker interface
public interface INotification;
#pragma warning restore CA1040

public interface INotificationHandler<in TNotification>
    where TNotification : INotification
{
    Task Handle(TNotification notification, CancellationToken cancellationToken);
}
