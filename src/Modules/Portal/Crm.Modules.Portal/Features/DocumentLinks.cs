using System.Security.Cryptography;
using System.Text;
using Crm.Modules.Portal.Contracts;
using Crm.Modules.Portal.Domain;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Time;
using Crm.SharedKernel.Web;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Portal.Features;

/// <summary>
/// Links to one document: a random secret in the address, kept only as its hash, so a copy of the table opens nothing;
/// each expires, and staff revoke them from the document's page.
/// </summary>
public static class DocumentLinks
{
    public const int MaxTokenLength = 64;

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

public sealed class IssueDocumentLinkHandler(DbContext db, IClock clock, PublicSite site) : IRequestHandler<IssueDocumentLink, string>
{
    public ValueTask<string> Handle(IssueDocumentLink request, CancellationToken cancellationToken)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.UtcNow;
        db.Add(new PortalDocumentLink
        {
            TokenHash = DocumentLinks.Hash(token), DocumentType = request.DocumentType, DocumentId = request.DocumentId, ContactId = request.ContactId,
            CreatedAt = now, ExpiresAt = now + request.Lifetime,
        });
        return ValueTask.FromResult(site.Link(request.Path + token));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed class OpenDocumentLinkHandler(DbContext db, IClock clock) : IRequestHandler<OpenDocumentLink, DocumentLinkTarget?>
{
    public async ValueTask<DocumentLinkTarget?> Handle(OpenDocumentLink request, CancellationToken cancellationToken)
    {
        if (request.Token.Length is 0 or > DocumentLinks.MaxTokenLength)
        {
            return null;
        }

        var now = clock.UtcNow;
        var hash = DocumentLinks.Hash(request.Token);
        var link = await db.Set<PortalDocumentLink>().AsNoTracking()
            .FirstOrDefaultAsync(l => l.TokenHash == hash && l.DocumentType == request.DocumentType && l.RevokedAt == null && l.ExpiresAt > now, cancellationToken);
        if (link is null)
        {
            return null;
        }

        await db.Set<PortalDocumentLink>().Where(l => l.Id == link.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Opens, l => l.Opens + 1).SetProperty(l => l.LastOpenedAt, now), cancellationToken);
        return new DocumentLinkTarget(link.DocumentId, link.ContactId);
    }
}
