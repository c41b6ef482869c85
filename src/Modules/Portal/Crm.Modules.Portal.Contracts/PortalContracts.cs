using System.Security.Claims;
using Crm.SharedKernel.Records;
using Microsoft.AspNetCore.Authorization;

namespace Crm.Modules.Portal.Contracts;

/// <summary>Permissions of the Portal module.</summary>
public static class PortalPermissions
{
    /// <summary>Open a customer's portal account from their page, disable it, send the invitation again; list the accounts.</summary>
    public const string ManageAccounts = "portal.accounts.manage";

    /// <summary>The portal's menus, sections, welcome text and colours.</summary>
    public const string ManageSettings = "portal.settings.manage";
}

/// <summary>What a module needs to serve a page of the customer portal.</summary>
public static class PortalPages
{
    /// <summary>The customers' cookie scheme, separate from the staff's.</summary>
    public const string Scheme = "Portal";

    /// <summary>The portal's own layout, for a module's portal views.</summary>
    public const string Layout = "/Areas/Portal/Views/Shared/_PortalLayout.cshtml";

    public const string AccountClaim = "portal:account";
    public const string ContactClaim = "portal:contact";

    /// <summary>An organization whose records the contact sees; added afresh on every request.</summary>
    public const string OrganizationClaim = "portal:organization";
}

/// <summary>
/// Marks a controller or action as a customer portal page: only the portal's cookie is read, so a staff session is not
/// a portal session. The page must still show only what <see cref="PortalCustomer"/> owns, and answer 404 otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class PortalPageAttribute : AuthorizeAttribute
{
    public PortalPageAttribute() => AuthenticationSchemes = PortalPages.Scheme;
}

/// <summary>
/// The signed-in customer: their contact and, where their account allows it, the organizations they belong to.
/// Read from the session, which is checked against the account on every request.
/// </summary>
public sealed record PortalCustomer(Guid AccountId, Guid ContactId, IReadOnlyList<Guid> OrganizationIds)
{
    /// <summary>The customer of this request, or null when it is not a portal session.</summary>
    public static PortalCustomer? Of(ClaimsPrincipal user)
    {
        if (user.Identity?.AuthenticationType != PortalPages.Scheme
            || !Guid.TryParse(user.FindFirstValue(PortalPages.AccountClaim), out var account)
            || !Guid.TryParse(user.FindFirstValue(PortalPages.ContactClaim), out var contact))
        {
            return null;
        }

        var organizations = user.FindAll(PortalPages.OrganizationClaim).Select(c => Guid.TryParse(c.Value, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
        return new PortalCustomer(account, contact, organizations);
    }

    /// <summary>The customer of this request when <paramref name="section"/> is on; null (answer 404) otherwise.</summary>
    public static async Task<PortalCustomer?> InSectionAsync(ClaimsPrincipal user, Crm.SharedKernel.Messaging.IMediator mediator, string section, CancellationToken cancellationToken) =>
        Of(user) is { } customer && await mediator.Send(new IsPortalSectionOn(section), cancellationToken) ? customer : null;

    public RecordRef Contact => new(RecordTypes.Contact, ContactId);

    /// <summary>Whether a record held by this contact or organization belongs to the customer.</summary>
    public bool Owns(Guid? contactId, Guid? organizationId) =>
        (contactId is { } c && c == ContactId) || (organizationId is { } o && OrganizationIds.Contains(o));
}

/// <summary>
/// A section of the portal a module serves (its invoices, its tickets): registered as a singleton by the module, shown in
/// the portal's menu and on its home page. Administrators rename, reorder and turn off sections by <see cref="Key"/>.
/// </summary>
/// <param name="Path">The section's first page, under <c>/portal</c>.</param>
/// <param name="Resources">The module's resource type holding <paramref name="TitleKey"/> and <paramref name="HintKey"/>.</param>
public sealed record PortalSection(string Key, string Path, string Icon, int Order, Type Resources, string TitleKey, string HintKey);

/// <summary>Whether a section is on; a module's portal pages answer 404 when it is off.</summary>
public sealed record IsPortalSectionOn(string Key) : Crm.SharedKernel.Messaging.IRequest<bool>;

/// <summary>
/// Opens a portal account for a contact who has none and invites them by SMS (a form set to give its customers one),
/// saved at once and outside the caller's transaction, so a refusal cannot spoil the caller's work.
/// False when none was opened: the contact has no mobile, already has an account, or the mobile is another account's.
/// </summary>
public sealed record OpenPortalAccount(Guid ContactId, string Culture) : Crm.SharedKernel.Messaging.IRequest<bool>;

/// <summary>
/// Tells a contact by SMS, in their account's language, that something waits for them on the portal (<paramref name="Subject"/>),
/// with a link to <paramref name="Path"/> built from the public address. False when the contact has no enabled account:
/// nothing is sent.
/// </summary>
public sealed record TellPortalCustomer(Guid ContactId, string Subject, string Path) : Crm.SharedKernel.Messaging.IRequest<bool>;

/// <summary>
/// Issues a link that opens one document (read-only, without signing in) for the customer it is sent to, until it
/// expires or staff revoke it; saved with the caller's work. Returns the link, built from the public address:
/// <paramref name="Path"/> (where the owning module serves such links) followed by the link's secret.
/// </summary>
public sealed record IssueDocumentLink(string DocumentType, Guid DocumentId, Guid ContactId, string Path) : Crm.SharedKernel.Messaging.ICommand<string>
{
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromDays(30);
}

/// <summary>The document a link's secret opens, counting the opening; null when it is unknown, expired or revoked.</summary>
public sealed record OpenDocumentLink(string DocumentType, string Token) : Crm.SharedKernel.Messaging.IRequest<DocumentLinkTarget?>;

public sealed record DocumentLinkTarget(Guid DocumentId, Guid ContactId);

/// <summary>How a module's portal page finds the customer's own rows.</summary>
public static class PortalQueries
{
    /// <summary>
    /// The rows held by the customer's contact, or by one of the organizations they may see. Without organizations the
    /// filter is the contact alone, so the database walks the contact's index instead of reading the whole table (an
    /// OR with an empty list is enough to lose the index on SQLite). The ids go in as parameters, so one plan serves
    /// every customer.
    /// </summary>
    public static IQueryable<T> OfCustomer<T>(this IQueryable<T> rows, PortalCustomer customer,
        System.Linq.Expressions.Expression<Func<T, Guid?>> contact, System.Linq.Expressions.Expression<Func<T, Guid?>> organization)
    {
        var row = contact.Parameters[0];
        var ids = new CustomerIds(customer.ContactId, [.. customer.OrganizationIds.Select(o => (Guid?)o)]);
        var box = System.Linq.Expressions.Expression.Constant(ids);
        System.Linq.Expressions.Expression filter = System.Linq.Expressions.Expression.Equal(
            contact.Body, System.Linq.Expressions.Expression.Property(box, nameof(CustomerIds.Contact)));
        if (ids.Organizations.Count > 0)
        {
            var organizationOf = new Rebind(organization.Parameters[0], row).Visit(organization.Body);
            filter = System.Linq.Expressions.Expression.OrElse(filter, System.Linq.Expressions.Expression.Call(
                typeof(Enumerable), nameof(Enumerable.Contains), [typeof(Guid?)],
                System.Linq.Expressions.Expression.Property(box, nameof(CustomerIds.Organizations)), organizationOf));
        }

        return rows.Where(System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(filter, row));
    }

    private sealed record CustomerIds(Guid? Contact, List<Guid?> Organizations);

    private sealed class Rebind(System.Linq.Expressions.ParameterExpression from, System.Linq.Expressions.ParameterExpression to) : System.Linq.Expressions.ExpressionVisitor
    {
        protected override System.Linq.Expressions.Expression VisitParameter(System.Linq.Expressions.ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
