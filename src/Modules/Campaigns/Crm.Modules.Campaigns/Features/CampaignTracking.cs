using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Crm.Modules.Campaigns.Domain;
using Crm.Modules.Messaging.Contracts;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Modules.Campaigns.Features;

/// <summary>
/// The tracking links of a campaign's email: each names one recipient, their campaign and one link of its message
/// (0 for the open image), encrypted and signed with the app's data-protection keys. A token cannot be made or changed
/// without the keys, so a click goes only to the link it was made for, and counts only for its own recipient.
/// </summary>
public sealed class TrackingTokens(IDataProtectionProvider protection, PublicSite site)
{
    private const int PayloadLength = 16 + 16 + 1;

    private readonly IDataProtector _protector = protection.CreateProtector("Crm.Campaigns.Tracking.v1");

    public string Token(Guid recipientId, Guid campaignId, int link)
    {
        Span<byte> payload = stackalloc byte[PayloadLength];
        recipientId.TryWriteBytes(payload[..16]);
        campaignId.TryWriteBytes(payload[16..32]);
        payload[32] = checked((byte)link);
        return WebEncoders.Base64UrlEncode(_protector.Protect(payload.ToArray()));
    }

    public string ClickUrl(Guid recipientId, Guid campaignId, int link) => site.Link("/t/c/" + Token(recipientId, campaignId, link));

    public string OpenUrl(Guid recipientId, Guid campaignId) => site.Link("/t/o/" + Token(recipientId, campaignId, 0));

    public bool TryRead(string? token, out Guid recipientId, out Guid campaignId, out int link)
    {
        (recipientId, campaignId, link) = (Guid.Empty, Guid.Empty, 0);
        if (string.IsNullOrEmpty(token) || token.Length > 400)
        {
            return false;
        }

        try
        {
            var payload = _protector.Unprotect(WebEncoders.Base64UrlDecode(token));
            if (payload.Length != PayloadLength)
            {
                return false;
            }

            (recipientId, campaignId, link) = (new Guid(payload.AsSpan(0, 16)), new Guid(payload.AsSpan(16, 16)), payload[32]);
            return true;
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return false;
        }
    }
}

/// <summary>
/// A campaign's email, written for one recipient: the marketer's text as paragraphs (never as markup), each web address
/// in it a tracked link, and an image that tells when it was opened.
/// </summary>
public static partial class CampaignEmail
{
    /// <summary>Links one email may carry; each recipient's links are signed one by one.</summary>
    public const int MaxLinks = 20;

    public const int MaxLinkLength = 2000;

    /// <summary>The web addresses in the text, in order: the n-th is link n of every recipient's tokens.</summary>
    public static IReadOnlyList<string> Links(string? text) =>
        string.IsNullOrEmpty(text) ? [] : [.. LinkPattern().Matches(Normalized(text)).Select(m => Trimmed(m.Value))];

    /// <summary>Every link a campaign's emails carry, numbered as the tokens number them: A's (its text or its chosen body), then B's.</summary>
    public static IReadOnlyList<string> Links(Campaign campaign) =>
        [.. (campaign.Html is null ? Links(campaign.Message) : HtmlLinks(campaign.Html)), .. Links(campaign.MessageB)];

    /// <summary>The web addresses a chosen body links to, in order, as the browser reads them.</summary>
    public static IReadOnlyList<string> HtmlLinks(string? html) =>
        string.IsNullOrEmpty(html) ? [] : [.. HrefPattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[2].Value))];

    /// <summary>A recipient's email of the variant they get: the chosen body for A when there is one, else the text.</summary>
    public static string Body(Campaign campaign, Variant variant, string name, Func<int, string> clickUrl, string openUrl)
    {
        if (campaign.SendsB(variant))
        {
            var offset = campaign.Html is null ? Links(campaign.Message).Count : HtmlLinks(campaign.Html).Count;
            return Html(campaign.MessageB!, name, link => clickUrl(link + offset), openUrl);
        }

        return campaign.Html is { } html ? ChosenHtml(html, name, clickUrl, openUrl) : Html(campaign.Message!, name, clickUrl, openUrl);
    }

    /// <summary>
    /// A chosen body (already sanitised) for one recipient: each http(s) link through its tracked address, the name filled
    /// in (encoded), and the open image at the end.
    /// </summary>
    public static string ChosenHtml(string html, string name, Func<int, string> clickUrl, string openUrl)
    {
        var number = 0;
        var tracked = HrefPattern().Replace(html, match => ++number <= MaxLinks && match.Groups[2].Length <= MaxLinkLength
            ? match.Groups[1].Value + WebUtility.HtmlEncode(clickUrl(number)) + "\""
            : match.Value);
        return tracked.Replace(Campaign.NamePlaceholder, WebUtility.HtmlEncode(name), StringComparison.Ordinal)
            + $"<img src=\"{WebUtility.HtmlEncode(openUrl)}\" width=\"1\" height=\"1\" alt=\"\">";
    }

    public static string Html(string text, string name, Func<int, string> clickUrl, string openUrl)
    {
        var normalized = Normalized(text);
        var html = new StringBuilder("<div dir=\"auto\"><p>");
        var (at, number) = (0, 0);
        foreach (Match match in LinkPattern().Matches(normalized))
        {
            var link = Trimmed(match.Value);
            html.Append(Encode(normalized[at..match.Index], name));
            number++;
            html.Append(number <= MaxLinks && link.Length <= MaxLinkLength
                ? $"<a href=\"{WebUtility.HtmlEncode(clickUrl(number))}\">{WebUtility.HtmlEncode(link)}</a>"
                : WebUtility.HtmlEncode(link));
            at = match.Index + link.Length;
        }

        html.Append(Encode(normalized[at..], name)).Append("</p>");
        return html.Append($"<img src=\"{WebUtility.HtmlEncode(openUrl)}\" width=\"1\" height=\"1\" alt=\"\"></div>").ToString();
    }

    private static string Normalized(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    /// <summary>The text encoded, the name filled in; a blank line starts a paragraph, a line break stays one.</summary>
    private static string Encode(string text, string name) =>
        WebUtility.HtmlEncode(text.Replace(Campaign.NamePlaceholder, name, StringComparison.Ordinal))
            .Replace("\n\n", "</p><p>", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);

    /// <summary>A sentence's full stop or closing bracket after an address is not part of it.</summary>
    private static string Trimmed(string link) => link.TrimEnd('.', ',', ';', ':', '!', '?', ')', '،', '؛');

    [GeneratedRegex(@"https?://[^\s<>""']+", RegexOptions.IgnoreCase)]
    private static partial Regex LinkPattern();

    /// <summary>An http(s) link's address in sanitised HTML, whose attributes are always in double quotes.</summary>
    [GeneratedRegex(@"(<a\s[^>]*?href="")(https?://[^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex HrefPattern();
}

/// <summary>
/// What happens to a campaign's messages after they leave, written on their recipients' rows (a recipient's id is its
/// message's id). Each event sets a time once, so hearing it twice counts it once; other messages match no row.
/// </summary>
public sealed class CampaignMessageEvents(DbContext db) :
    INotificationHandler<MessageSent>,
    INotificationHandler<MessageDelivered>,
    INotificationHandler<MessageBounced>,
    INotificationHandler<MarketingRefused>
{
    public async ValueTask Handle(MessageSent notification, CancellationToken cancellationToken)
    {
        // An email is delivered once the mail server took it (unless it comes back); an SMS once the gateway reports it.
        if (notification.Category == MessageCategory.Marketing && notification.Channel == MessageChannel.Email)
        {
            await db.Set<CampaignRecipient>().Where(r => r.Id == notification.MessageId && r.DeliveredAt == null && r.BouncedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.DeliveredAt, notification.SentAt), cancellationToken);
        }
    }

    public async ValueTask Handle(MessageDelivered notification, CancellationToken cancellationToken) =>
        await db.Set<CampaignRecipient>().Where(r => r.Id == notification.MessageId && r.DeliveredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.DeliveredAt, notification.At), cancellationToken);

    public async ValueTask Handle(MessageBounced notification, CancellationToken cancellationToken) =>
        await db.Set<CampaignRecipient>().Where(r => r.Id == notification.MessageId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.BouncedAt, r => r.BouncedAt ?? notification.At)
                .SetProperty(r => r.HardBounce, r => r.HardBounce || notification.Hard)
                .SetProperty(r => r.DeliveredAt, (DateTime?)null), cancellationToken);

    public async ValueTask Handle(MarketingRefused notification, CancellationToken cancellationToken)
    {
        if (notification.MessageId is { } id)
        {
            await db.Set<CampaignRecipient>().Where(r => r.Id == id && r.UnsubscribedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.UnsubscribedAt, notification.At), cancellationToken);
        }
    }
}

/// <summary>
/// Counts opens and clicks on recipients' rows. The requests of one instance hand their counts to a single writer,
/// which commits what has gathered meanwhile in one transaction and only then lets them answer: nothing is counted
/// before it is stored, and a burst of clicks costs a few commits instead of one each, without writers queueing for
/// the database's lock (SQLite has one writer at a time).
/// </summary>
public sealed class TrackingLedger(IServiceScopeFactory scopes) : IDisposable
{
    private const int MaxBatch = 200;

    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private Task? _writer;

    public Task RecordAsync(Guid recipientId, Guid campaignId, bool click, DateTime at)
    {
        var entry = new Entry(recipientId, campaignId, click, at, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(entry), this);

        lock (_gate)
        {
            _writer ??= Task.Run(WriteAsync);
        }

        return entry.Done.Task;
    }

    public void Dispose() => _queue.Writer.TryComplete();

    private async Task WriteAsync()
    {
        var batch = new List<Entry>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<DbContext>();
                await using var transaction = await db.Database.BeginTransactionAsync();
                foreach (var e in batch)
                {
                    var recipients = db.Set<CampaignRecipient>().Where(r => r.Id == e.RecipientId && r.CampaignId == e.CampaignId);
                    // Following a link also shows the email was opened, when its images were blocked.
                    await (e.Click
                        ? recipients.ExecuteUpdateAsync(s => s
                            .SetProperty(r => r.Clicks, r => r.Clicks < int.MaxValue ? r.Clicks + 1 : r.Clicks)
                            .SetProperty(r => r.ClickedAt, r => r.ClickedAt ?? e.At)
                            .SetProperty(r => r.OpenedAt, r => r.OpenedAt ?? e.At))
                        : recipients.ExecuteUpdateAsync(s => s
                            .SetProperty(r => r.Opens, r => r.Opens < int.MaxValue ? r.Opens + 1 : r.Opens)
                            .SetProperty(r => r.OpenedAt, r => r.OpenedAt ?? e.At)));
                }

                await transaction.CommitAsync();
                batch.ForEach(e => e.Done.TrySetResult());
            }
            catch (Exception failure)
            {
                batch.ForEach(e => e.Done.TrySetException(failure));
            }

            batch.Clear();
        }
    }

    private sealed record Entry(Guid RecipientId, Guid CampaignId, bool Click, DateTime At, TaskCompletionSource Done);
}
