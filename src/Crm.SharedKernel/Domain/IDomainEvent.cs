using Crm.SharedKernel.Messaging;

namespace Crm.SharedKernel.Domain;

/// <summary>Something that happened in a module, published in-process to whoever listens.</summary>
public interface IDomainEvent : INotification;
