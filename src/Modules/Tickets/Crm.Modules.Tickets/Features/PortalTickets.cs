using Crm.Modules.Tickets.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Crm.SharedKernel.Web;

namespace Crm.Modules.Tickets.Features;

/// <summary>A ticket the customer opens on the portal, with its files, for their own contact record.</summary>
public sealed record OpenPortalTicket(Guid ContactId, string? Subject, string? Description, string? Category, Guid? RegistrationId, IReadOnlyList<TicketUpload> Files)
    : ICommand<CommandResult>;

/// <summary>
/// Opens the ticket as staff would (numbering, holder, SLA, the customer's timeline) on the portal channel; the files go
/// with its first line of the thread, in the same transaction, so a refused file leaves no ticket behind.
/// </summary>
public sealed class OpenPortalTicketHandler(DbContext db, IMediator mediator, TicketAttachments attachments, IStringLocalizer<TicketsResources> l)
    : IRequestHandler<OpenPortalTicket, CommandResult>
{
    public async ValueTask<CommandResult> Handle(OpenPortalTicket request, CancellationToken cancellationToken)
    {
        if (attachments.Check(request.Files) is { } fileError)
        {
            return CommandResult.Invalid("Files", fileError);
        }

        if (request.RegistrationId is { } registration
            && !await db.Set<ProductRegistration>().AnyAsync(r => r.Id == registration && r.ContactId == request.ContactId, cancellationToken))
        {
            return CommandResult.Invalid(nameof(TicketInput.RegistrationId), l["Error_Registration"]);
        }

        var opened = await mediator.Send(new SaveTicket(new TicketInput
        {
            Subject = request.Subject, Description = request.Description, Category = request.Category, RegistrationId = request.RegistrationId,
            Customer = new RecordRef(RecordTypes.Contact, request.ContactId).ToString(), Channel = TicketChannel.Portal,
        }), cancellationToken);
        if (!opened.Saved || request.Files.Count == 0)
        {
            return opened;
        }

        var first = db.Set<TicketEntry>().Local.Where(e => e.TicketId == opened.Id).OrderBy(e => e.At).First();
        // A file refused on its bytes undoes the whole ticket: thrown, the command's transaction is rolled back.
        return await attachments.AddAsync(first, request.Files, first.At, cancellationToken) is { } error ? throw new FilesRefusedException(error) : opened;
    }
}

/// <summary>A ticket's files were refused after it was written; the message says why, for the customer.</summary>
public sealed class FilesRefusedException(string message) : Exception(message);
