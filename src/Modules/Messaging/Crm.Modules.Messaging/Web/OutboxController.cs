using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.Modules.Messaging.Features;
using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Messaging.Web;

/// <summary>The outbox: every message, newest first, with its state; a failed or skipped one can be sent again.</summary>
[Area(MessagingModule.ModuleName)]
[HasPermission(MessagingPermissions.ViewOutbox)]
[AutoValidateAntiforgeryToken]
public sealed class OutboxController(DbContext db, IClock clock, IStringLocalizer<MessagingResources> l) : Controller
{
    public const int PageSize = 50;

    [HttpGet]
    public async Task<IActionResult> Index([FromQuery] OutboxFilter filter, CancellationToken cancellationToken)
    {
        var query = db.Set<OutboxMessage>().AsNoTracking();
        if (filter.Status is { } status)
        {
            query = query.Where(m => m.Status == status);
        }

        if (filter.Channel is { } channel)
        {
            query = query.Where(m => m.Channel == channel);
        }

        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var email = SendMessageHandler.AddressKey(MessageChannel.Email, filter.Q);
            var phone = SendMessageHandler.AddressKey(MessageChannel.Sms, filter.Q);
            query = query.Where(m => m.ToKey == email || (phone != "" && m.ToKey == phone));
        }

        var page = await Keyset.PageAsync(query, null, descending: true, filter.Page, PageSize,
            m => new OutboxRow(m.Id, m.Channel, m.Category, m.Status, m.To, m.Channel == MessageChannel.Email ? m.Subject : m.Body, m.Attempts, m.CreatedAt, m.SentAt, m.Error),
            cancellationToken);
        return View(new OutboxListModel(filter, page));
    }

    [HttpGet]
    public async Task<IActionResult> Details(Guid id, CancellationToken cancellationToken)
    {
        var message = await db.Set<OutboxMessage>().AsNoTracking().Include(m => m.Attachments).FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        return message is null ? NotFound() : View(message);
    }

    /// <summary>Queues a failed or skipped message again, as new: attempts start over and it goes out on the next run.</summary>
    [HttpPost]
    public async Task<IActionResult> Resend(Guid id, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var queued = await db.Set<OutboxMessage>().Where(m => m.Id == id && (m.Status == MessageStatus.Failed || m.Status == MessageStatus.Skipped))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, MessageStatus.Queued)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now)
                .SetProperty(m => m.Error, (string?)null), cancellationToken);
        if (queued == 0)
        {
            return NotFound();
        }

        TempData["Message"] = l["Outbox_Requeued"].Value;
        return RedirectToAction(nameof(Details), new { id });
    }
}

public sealed class OutboxFilter : ListFilter
{
    public MessageStatus? Status { get; set; }

    public MessageChannel? Channel { get; set; }
}

public sealed record OutboxRow(Guid Id, MessageChannel Channel, MessageCategory Category, MessageStatus Status, string To, string? Summary, int Attempts, DateTime CreatedAt, DateTime? SentAt, string? Error);

public sealed record OutboxListModel(OutboxFilter Filter, KeysetPage<OutboxRow> Page);

/// <summary>The colour of a message's state, the same on the list and the message page.</summary>
public static class OutboxBadges
{
    public static string For(MessageStatus status) => status switch
    {
        MessageStatus.Sent => "text-bg-primary",
        MessageStatus.Delivered => "text-bg-success",
        MessageStatus.Failed => "text-bg-danger",
        MessageStatus.Skipped => "text-bg-warning",
        _ => "text-bg-secondary",
    };
}
