using Crm.Infrastructure.Persistence;
using Crm.SharedKernel.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Crm.Infrastructure.Messaging;

/// <summary>
/// Commands run in one database transaction; changes are saved when the handler succeeds, and the
/// domain events raised by the saved entities are published after the commit.
/// </summary>
public sealed class UnitOfWorkBehavior<TRequest, TResponse>(CrmDbContext db, IMediator mediator)
    : Mediator.IPipelineBehavior<TRequest, TResponse>
    where TRequest : notnull, Mediator.IMessage
{
    public async ValueTask<TResponse> Handle(TRequest request, Mediator.MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        if (request is not ICommand<TResponse> || db.Database.CurrentTransaction is not null)
        {
            return await next(request, cancellationToken);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var response = await next(request, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            var events = db.TakeDomainEvents();
            await transaction.CommitAsync(cancellationToken);
            foreach (var domainEvent in events)
            {
                await mediator.Publish(domainEvent, cancellationToken);
            }

            return response;
        });
    }
}
