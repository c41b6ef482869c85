namespace Crm.SharedKernel.Messaging;

/// <summary>A message delivered to every registered handler (zero or more).</summary>
#pragma warning disable CA1040 // marker interface
public interface INotification : Mediator.INotification;

/// <summary>Handles one kind of notification: <c>ValueTask Handle(TNotification, CancellationToken)</c>.</summary>
public interface INotificationHandler<in TNotification> : Mediator.INotificationHandler<TNotification>
    where TNotification : INotification;
#pragma warning restore CA1040
