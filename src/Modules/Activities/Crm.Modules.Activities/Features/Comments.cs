using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Crm.Modules.Activities.Domain;
using Crm.Modules.Identity.Contracts;
using Crm.Modules.Notifications.Contracts;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.AspNetCore.Html;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Activities.Features;

public sealed record CommentView(Comment Comment, string AuthorName, IHtmlContent Html, bool Mine, int Revisions);

/// <summary>
/// Comments on any record the user can see. <c>@username</c> mentions a colleague, who is notified once per comment
/// (and again only if an edit newly mentions them); <c>[[Contact:id]]</c> links a customer and is shown as a link to them
/// for those who may see that customer. Only the author edits or deletes a comment; every earlier text is kept.
/// </summary>
public sealed partial class Comments(DbContext db, ICurrentUser user, IClock clock, IMediator mediator, RecordDirectory records,
    IDisplayFormatter format, IStringLocalizer<ActivitiesResources> l)
{
    public const int MaxLength = 4000;

    // Persian text stays as it is; markup characters are still escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    [GeneratedRegex(@"(?<![\w@])@([A-Za-z0-9_.\-]{2,64})")]
    private static partial Regex MentionPattern();

    [GeneratedRegex(@"\[\[([A-Za-z]{2,32}):([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\]\]")]
    private static partial Regex RecordLinkPattern();

    public async Task<IReadOnlyList<CommentView>> ListAsync(RecordRef record, CancellationToken cancellationToken)
    {
        var comments = await db.Set<Comment>().AsNoTracking().Where(c => c.RecordType == record.Type && c.RecordId == record.Id)
            .OrderBy(c => c.CreatedAt).Take(500).ToListAsync(cancellationToken);
        if (comments.Count == 0)
        {
            return [];
        }

        // Most comments are never edited and link nobody: those questions are asked only when there is something to find.
        var edited = comments.Where(c => c.EditedAt != null).Select(c => c.Id).ToList();
        var revisions = edited.Count == 0 ? [] : await db.Set<CommentRevision>().AsNoTracking().Where(r => edited.Contains(r.CommentId)).GroupBy(r => r.CommentId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var linked = comments.SelectMany(c => LinkedRecords(c.Text)).ToList();
        var links = linked.Count == 0 ? new Dictionary<RecordRef, RecordLink>() : await records.FindVisibleAsync(linked, cancellationToken);
        var users = await mediator.Send(new ListUsers(ActiveOnly: false), cancellationToken);
        var names = users.ToDictionary(u => u.Id, u => u.DisplayName);
        var byUserName = users.ToDictionary(u => u.UserName, u => u.DisplayName, StringComparer.OrdinalIgnoreCase);
        return comments.Select(c => new CommentView(c, names.GetValueOrDefault(c.AuthorId) ?? "?", Render(c.Text, byUserName, links),
            c.AuthorId == user.UserId, revisions.GetValueOrDefault(c.Id))).ToList();
    }

    public async Task<IReadOnlyList<CommentRevision>> HistoryAsync(Guid commentId, CancellationToken cancellationToken) =>
        await db.Set<CommentRevision>().AsNoTracking().Where(r => r.CommentId == commentId).OrderByDescending(r => r.ReplacedAt).ToListAsync(cancellationToken);

    /// <summary>Adds a comment and notifies the colleagues it mentions. Returns an error, or null.</summary>
    public async Task<string?> AddAsync(RecordRef record, string? text, CancellationToken cancellationToken)
    {
        var clean = text?.Trim() ?? "";
        if (clean.Length is 0 or > MaxLength)
        {
            return l["Error_Comment", format.Number(MaxLength)];
        }

        if (await records.FindVisibleAsync(record, cancellationToken) is not { } target)
        {
            return l["Error_NotFound"];
        }

        var comment = new Comment { RecordType = record.Type, RecordId = record.Id, AuthorId = user.UserId!.Value, Text = clean };
        db.Add(comment);
        await db.SaveChangesAsync(cancellationToken);
        await NotifyMentionedAsync(comment, clean, new HashSet<string>(), target, cancellationToken);
        return null;
    }

    public async Task<string?> EditAsync(Guid id, Guid version, string? text, CancellationToken cancellationToken)
    {
        var clean = text?.Trim() ?? "";
        if (clean.Length is 0 or > MaxLength)
        {
            return l["Error_Comment", format.Number(MaxLength)];
        }

        var comment = await db.Set<Comment>().FirstOrDefaultAsync(c => c.Id == id && c.AuthorId == user.UserId, cancellationToken);
        if (comment is null || await records.FindVisibleAsync(new RecordRef(comment.RecordType, comment.RecordId), cancellationToken) is not { } target)
        {
            return l["Error_NotFound"];
        }

        if (comment.Version != version)
        {
            return l["Error_Concurrency"];
        }

        if (comment.Text == clean)
        {
            return null;
        }

        var before = comment.Text;
        db.Add(new CommentRevision { CommentId = comment.Id, Text = before, ReplacedAt = clock.UtcNow });
        comment.Text = clean;
        comment.EditedAt = clock.UtcNow;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return l["Error_Concurrency"];
        }

        await NotifyMentionedAsync(comment, clean, Mentions(before), target, cancellationToken);
        return null;
    }

    /// <summary>The author's own comment, for delete and restore.</summary>
    public Task<Comment?> FindOwnAsync(Guid id, bool deleted, CancellationToken cancellationToken) =>
        (deleted ? db.Set<Comment>().IgnoreQueryFilters().Where(c => c.IsDeleted) : db.Set<Comment>())
            .FirstOrDefaultAsync(c => c.Id == id && c.AuthorId == user.UserId, cancellationToken);

    public static IReadOnlySet<string> Mentions(string text) =>
        MentionPattern().Matches(text).Select(m => m.Groups[1].Value.TrimEnd('.')).ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<RecordRef> LinkedRecords(string text) =>
        RecordLinkPattern().Matches(text).Select(m => new RecordRef(m.Groups[1].Value, Guid.Parse(m.Groups[2].Value)));

    private async Task NotifyMentionedAsync(Comment comment, string text, IReadOnlySet<string> alreadyMentioned, RecordLink target, CancellationToken cancellationToken)
    {
        var mentioned = Mentions(text).Where(m => !alreadyMentioned.Contains(m)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (mentioned.Count == 0)
        {
            return;
        }

        var users = await mediator.Send(new ListUsers(), cancellationToken);
        var recipients = users.Where(u => mentioned.Contains(u.UserName) && u.Id != user.UserId).DistinctBy(u => u.Id).ToList();
        if (recipients.Count == 0)
        {
            return;
        }

        // Only someone who may open the record is told its name; the others learn that they were mentioned.
        var seeAll = (await mediator.Send(new ListUsersWithPermission(PlatformPermissions.ViewAllRecords), cancellationToken)).Select(u => u.Id).ToHashSet();
        var author = users.FirstOrDefault(u => u.Id == user.UserId)?.DisplayName ?? user.UserName ?? "";
        var (seeing, notSeeing) = (recipients.Where(Sees).Select(u => u.Id).ToList(), recipients.Where(u => !Sees(u)).Select(u => u.Id).ToList());
        if (seeing.Count > 0)
        {
            await mediator.Send(new Notify(seeing, l.InBoth("Notify_Mentioned", author, target.Title), $"{target.Url}#comment-{comment.Id}"), cancellationToken);
        }

        if (notSeeing.Count > 0)
        {
            await mediator.Send(new Notify(notSeeing, l.InBoth("Notify_MentionedHidden", author), null), cancellationToken);
        }

        bool Sees(UserSummary recipient) => target.VisibleTo(seeAll.Contains(recipient.Id), recipient.Id, recipient.TeamId);
    }

    /// <summary>The comment as HTML: its text encoded, mentions in bold, linked records as links (or a placeholder if not visible).</summary>
    private HtmlString Render(string text, Dictionary<string, string> users, IReadOnlyDictionary<RecordRef, RecordLink> links)
    {
        var html = new StringBuilder();
        var position = 0;
        var tokens = MentionPattern().Matches(text).Cast<Match>().Concat(RecordLinkPattern().Matches(text)).OrderBy(m => m.Index);
        foreach (var match in tokens)
        {
            if (match.Index < position)
            {
                continue;
            }

            html.Append(Encoder.Encode(text[position..match.Index]));
            if (match.Value.StartsWith('@'))
            {
                var name = match.Groups[1].Value.TrimEnd('.');
                html.Append(users.TryGetValue(name, out var display)
                    ? $"<bdi class=\"mention fw-semibold text-primary\" title=\"@{Encoder.Encode(name)}\">@{Encoder.Encode(display)}</bdi>{Encoder.Encode(match.Groups[1].Value[name.Length..])}"
                    : Encoder.Encode(match.Value));
            }
            else
            {
                var record = new RecordRef(match.Groups[1].Value, Guid.Parse(match.Groups[2].Value));
                html.Append(links.TryGetValue(record, out var link)
                    ? $"<a class=\"linked-record\" href=\"{Encoder.Encode(link.Url)}\"><i class=\"bi bi-person\"></i> <bdi>{Encoder.Encode(link.Title)}</bdi></a>"
                    : $"<span class=\"text-muted\">{Encoder.Encode(l["HiddenRecord"])}</span>");
            }

            position = match.Index + match.Length;
        }

        html.Append(Encoder.Encode(text[position..]));
        return new HtmlString(html.ToString().Replace("\n", "<br>", StringComparison.Ordinal));
    }
}
