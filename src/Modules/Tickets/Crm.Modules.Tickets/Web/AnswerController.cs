using Crm.Modules.Tickets.Domain;
using Crm.Modules.Tickets.Features;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace Crm.Modules.Tickets.Web;

public sealed record EstimateAnswerModel(string Token, RepairOrder? Repair, bool Answered, string? Message);

public sealed record RatingAnswerModel(string Token, Ticket Ticket, string? Message);

/// <summary>
/// Pages customers reach from a link without signing in: the estimate of their repair to approve or decline, and the
/// rating of a closed ticket. The
/// signed link is what authorises the page; it shows only that one record, and once answered it answers no more.
/// </summary>
[Area(TicketsModule.ModuleName)]
[AllowAnonymous]
[EnableRateLimiting(RateLimitPolicies.Public)]
[AutoValidateAntiforgeryToken]
public sealed class AnswerController(DbContext db, CustomerLinks links, IMediator mediator) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Estimate(string? t, CancellationToken cancellationToken)
    {
        if (!links.TryRead(CustomerLinks.Estimate, t, out var id))
        {
            return View("Invalid");
        }

        var repair = await db.Set<RepairOrder>().AsNoTracking().Include(r => r.Operations).Include(r => r.Parts).AsSplitQuery().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return repair is null ? View("Invalid") : View(new EstimateAnswerModel(t!, repair, repair.Status != RepairStatus.AwaitingApproval, null));
    }

    [HttpPost]
    [ActionName("Estimate")]
    public async Task<IActionResult> AnswerEstimate(string? t, bool approved, CancellationToken cancellationToken)
    {
        if (!links.TryRead(CustomerLinks.Estimate, t, out var id))
        {
            return View("Invalid");
        }

        string? message;
        try
        {
            var result = await mediator.Send(new AnswerEstimate(id, ApprovalChannel.Link, approved), cancellationToken);
            message = result.Saved ? null : string.Join(" ", result.Errors.Values);
        }
        catch (KeyNotFoundException)
        {
            return View("Invalid");
        }
        catch (DbUpdateConcurrencyException)
        {
            // Answered twice at once: the other answer stands.
            message = null;
        }

        var repair = await db.Set<RepairOrder>().AsNoTracking().Include(r => r.Operations).Include(r => r.Parts).AsSplitQuery().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return View(new EstimateAnswerModel(t!, repair, true, message));
    }

    [HttpGet]
    public async Task<IActionResult> Rating(string? t, CancellationToken cancellationToken)
    {
        if (!links.TryRead(CustomerLinks.Rating, t, out var id)
            || await db.Set<Ticket>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken) is not { } ticket)
        {
            return View("Invalid");
        }

        return View(new RatingAnswerModel(t!, ticket, null));
    }

    [HttpPost]
    [ActionName("Rating")]
    public async Task<IActionResult> Rate(string? t, int score, string? comment, CancellationToken cancellationToken)
    {
        if (!links.TryRead(CustomerLinks.Rating, t, out var id))
        {
            return View("Invalid");
        }

        string? message;
        try
        {
            var result = await mediator.Send(new RateTicket(id, score, comment), cancellationToken);
            message = result.Saved ? null : string.Join(" ", result.Errors.Values);
        }
        catch (KeyNotFoundException)
        {
            return View("Invalid");
        }
        catch (DbUpdateConcurrencyException)
        {
            message = null;
        }

        var ticket = await db.Set<Ticket>().AsNoTracking().FirstAsync(x => x.Id == id, cancellationToken);
        return View(new RatingAnswerModel(t!, ticket, message));
    }
}
