using Crm.Modules.Campaigns.Domain;
using Crm.Modules.Campaigns.Features;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Crm.SharedKernel.Web;
using Crm.Modules.Campaigns.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Crm.Modules.Campaigns.Web;

/// <summary>
/// The links in campaign emails, reached without signing in. A click is counted on its recipient's row and sent on to
/// the one address its signed token names; the open image counts an opening. A token that was changed, or that names
/// another campaign's link, goes nowhere.
/// </summary>
[Area(CampaignsModule.ModuleName)]
[AllowAnonymous]
[EnableRateLimiting(RateLimitPolicies.Tracking)]
[Route("t")]
public sealed class TrackController(DbContext db, TrackingTokens tokens, TrackingLedger ledger, IMemoryCache cache, IClock clock, PublicSite site) : Controller
{
    /// <summary>A transparent 1×1 GIF.</summary>
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    [HttpGet("c/{token}")]
    public async Task<IActionResult> Click(string token, CancellationToken cancellationToken)
    {
        if (!tokens.TryRead(token, out var recipientId, out var campaignId, out var link) || link < 1
            || await LinksAsync(campaignId, cancellationToken) is not { } links || link > links.Count)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return View("Invalid");
        }

        await ledger.RecordAsync(recipientId, campaignId, click: true, clock.UtcNow);
        return Redirect(links[link - 1]);
    }

    [HttpGet("o/{token}")]
    public async Task<IActionResult> Open(string token)
    {
        if (tokens.TryRead(token, out var recipientId, out var campaignId, out var link) && link == 0)
        {
            await ledger.RecordAsync(recipientId, campaignId, click: false, clock.UtcNow);
        }

        // The same image either way: a mail client shows nothing, and a prober learns nothing.
        Response.Headers.CacheControl = "no-store";
        return File(Pixel, "image/gif");
    }

    /// <summary>
    /// A link to one of this app's forms carries the campaign's code (<c>?c=</c>), so a lead the form brings is the
    /// campaign's; any other address is left as it was written.
    /// </summary>
    private string WithCode(string link, string code)
    {
        if (!link.StartsWith(site.Link("/f/"), StringComparison.OrdinalIgnoreCase) || link.Contains("?c=", StringComparison.Ordinal) || link.Contains("&c=", StringComparison.Ordinal))
        {
            return link;
        }

        var hash = link.IndexOf('#', StringComparison.Ordinal);
        var (address, fragment) = hash < 0 ? (link, "") : (link[..hash], link[hash..]);
        return address + (address.Contains('?', StringComparison.Ordinal) ? "&" : "?") + CampaignCodes.QueryName + "=" + code + fragment;
    }

    /// <summary>
    /// A campaign's links. Once its plan is approved the message cannot change, so they are kept a while instead of read
    /// per click; before (a test send of a draft) they are read each time, as the message may still change.
    /// </summary>
    private async Task<IReadOnlyList<string>?> LinksAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(("campaign-links", campaignId), out IReadOnlyList<string>? kept))
        {
            return kept;
        }

        var found = await (from c in db.Set<Campaign>().AsNoTracking()
                           join p in db.Set<MarketingPlan>().AsNoTracking() on c.PlanId equals p.Id
                           where c.Id == campaignId
                           select new { Campaign = c, p.Status }).FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        // Variant B's links follow A's in the numbering (a campaign without an A/B test has none).
        var links = CampaignEmail.Links(found.Campaign).Select(link => WithCode(link, found.Campaign.Code)).ToList();
        if (found.Status is PlanStatus.Approved or PlanStatus.Running or PlanStatus.Completed)
        {
            cache.Set(("campaign-links", campaignId), links, TimeSpan.FromMinutes(10));
        }

        return links;
    }
}
