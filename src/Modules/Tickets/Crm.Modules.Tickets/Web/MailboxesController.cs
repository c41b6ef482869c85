using Crm.Modules.Identity.Contracts;
using Crm.Modules.Tickets.Contracts;
using Crm.Modules.Tickets.Domain;
using Crm.Modules.Tickets.Features;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Text;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Modules.Tickets.Web;

/// <summary>What the mailbox form sends; an empty password keeps the one stored.</summary>
public sealed class MailboxInput
{
    public Guid? Id { get; set; }

    public Guid Version { get; set; }

    public string? Name { get; set; }

    public string? Address { get; set; }

    public string? Host { get; set; }

    public int Port { get; set; } = 993;

    public MailSecurity Security { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string? Folder { get; set; } = "INBOX";

    public Guid? TeamId { get; set; }

    public bool Enabled { get; set; } = true;
}

public sealed record MailboxListModel(IReadOnlyList<TicketMailbox> Mailboxes, IReadOnlyList<TeamSummary> Teams, IReadOnlyDictionary<Guid, QueueMode> Queues);

public sealed record MailboxEditModel(MailboxInput Input, IReadOnlyList<TeamSummary> Teams);

/// <summary>The teams' support mailboxes (administrators): where they are, which team's queue their mail goes to, and how the last check went.</summary>
[Area(TicketsModule.ModuleName)]
[HasPermission(TicketsPermissions.ManageMailboxes)]
[AutoValidateAntiforgeryToken]
public sealed class MailboxesController(DbContext db, IMediator mediator, TicketMailReader reader, IStringLocalizer<TicketsResources> l) : Controller
{
    [HttpGet]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new MailboxListModel(await db.Set<TicketMailbox>().AsNoTracking().OrderBy(m => m.Name).Take(100).ToListAsync(cancellationToken), await mediator.Send(new ListTeams(), cancellationToken),
            await db.Set<TeamQueue>().AsNoTracking().ToDictionaryAsync(q => q.TeamId, q => q.Mode, cancellationToken)));

    /// <summary>How a team's queue hands out the tickets that arrive in it.</summary>
    [HttpPost]
    public async Task<IActionResult> Queue(Guid teamId, QueueMode mode, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(mode) || (await mediator.Send(new ListTeams(), cancellationToken)).All(t => t.Id != teamId))
        {
            return NotFound();
        }

        var queue = await db.Set<TeamQueue>().FirstOrDefaultAsync(q => q.TeamId == teamId, cancellationToken);
        if (queue is null)
        {
            db.Add(queue = new TeamQueue { TeamId = teamId });
        }

        queue.Mode = mode;
        await db.SaveChangesAsync(cancellationToken);
        TempData["Message"] = l["QueueSaved"].Value;
        return RedirectToAction(nameof(Index));
    }

    [HttpGet]
    public async Task<IActionResult> Edit(Guid? id, CancellationToken cancellationToken)
    {
        var input = new MailboxInput();
        if (id is { } existing)
        {
            var m = await db.Set<TicketMailbox>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == existing, cancellationToken);
            if (m is null)
            {
                return NotFound();
            }

            input = new MailboxInput
            {
                Id = m.Id, Version = m.Version, Name = m.Name, Address = m.Address, Host = m.Host, Port = m.Port, Security = m.Security, UserName = m.UserName,
                Folder = m.Folder, TeamId = m.TeamId, Enabled = m.Enabled,
            };
        }

        return View(new MailboxEditModel(input, await mediator.Send(new ListTeams(), cancellationToken)));
    }

    [HttpPost]
    public async Task<IActionResult> Edit(MailboxInput input, CancellationToken cancellationToken)
    {
        var teams = await mediator.Send(new ListTeams(), cancellationToken);
        void Check(bool bad, string field, string key, params object[] args)
        {
            if (bad)
            {
                ModelState.AddModelError("Input." + field, l[key, args]);
            }
        }

        var name = PersianText.Clean(input.Name ?? "");
        Check(name.Length is 0 or > TicketMailbox.NameMaxLength, nameof(input.Name), "Error_MailboxName", TicketMailbox.NameMaxLength);
        Check(!EmailAddress.IsValid(input.Address), nameof(input.Address), "Error_MailboxAddress");
        var host = (input.Host ?? "").Trim();
        Check(host.Length is 0 or > TicketMailbox.HostMaxLength || Uri.CheckHostName(host) == UriHostNameType.Unknown, nameof(input.Host), "Error_MailboxHost");
        Check(input.Port is < 1 or > 65535 || !Enum.IsDefined(input.Security), nameof(input.Port), "Error_MailboxPort");
        Check(string.IsNullOrWhiteSpace(input.UserName) || input.UserName.Length > 254, nameof(input.UserName), "Error_Required");
        Check(input.Password?.Length > 500, nameof(input.Password), "Error_TooLong", 500);
        var folder = string.IsNullOrWhiteSpace(input.Folder) ? "INBOX" : input.Folder.Trim();
        Check(folder.Length > 200, nameof(input.Folder), "Error_TooLong", 200);
        Check(teams.All(t => t.Id != input.TeamId), nameof(input.TeamId), "Error_ReferTo");
        TicketMailbox? mailbox = null;
        if (input.Id is { } id)
        {
            mailbox = await db.Set<TicketMailbox>().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
            if (mailbox is null)
            {
                return NotFound();
            }

            Check(mailbox.Version != input.Version, "", "Error_Concurrency");
        }

        Check(mailbox is null && string.IsNullOrEmpty(input.Password), nameof(input.Password), "Error_Required");
        if (!ModelState.IsValid)
        {
            return View(new MailboxEditModel(input, teams));
        }

        if (mailbox is null)
        {
            mailbox = new TicketMailbox();
            db.Add(mailbox);
        }

        // A different server, account or folder starts reading it from its first message; what was read stays recorded.
        if (mailbox.Host != host || mailbox.UserName != input.UserName!.Trim() || mailbox.Folder != folder)
        {
            (mailbox.UidValidity, mailbox.LastUid) = (0, 0);
        }

        (mailbox.Name, mailbox.Address, mailbox.Host, mailbox.Port, mailbox.Security) = (name, EmailAddress.Normalize(input.Address), host, input.Port, input.Security);
        (mailbox.UserName, mailbox.Folder, mailbox.TeamId, mailbox.Enabled) = (input.UserName!.Trim(), folder, input.TeamId!.Value, input.Enabled);
        if (!string.IsNullOrEmpty(input.Password))
        {
            mailbox.ProtectedPassword = reader.Protect(input.Password);
        }

        return await this.SaveSettingsAsync(db, l["MailboxSaved"], l["Error_Concurrency"], () => View(new MailboxEditModel(input, teams)), cancellationToken);
    }

    /// <summary>Reads the mailbox now and says what came in, or why it could not be read.</summary>
    [HttpPost]
    public async Task<IActionResult> Check(Guid id, CancellationToken cancellationToken)
    {
        if (!await db.Set<TicketMailbox>().AnyAsync(m => m.Id == id, cancellationToken))
        {
            return NotFound();
        }

        var result = await reader.CheckAsync(id, cancellationToken);
        TempData[result.Error is null ? "Message" : "Error"] = result.Error is null
            ? l["MailChecked", result.Read, result.Opened, result.Joined, result.Ignored].Value
            : l["MailCheckFailed", result.Error].Value;
        return RedirectToAction(nameof(Index));
    }

    [HttpPost]
    public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken) =>
        await this.SoftDeleteAsync(db, await db.Set<TicketMailbox>().FirstOrDefaultAsync(m => m.Id == id, cancellationToken), id, l["Deleted"], cancellationToken);

    [HttpPost]
    public async Task<IActionResult> Restore(Guid id, CancellationToken cancellationToken) =>
        await this.RestoreAsync(db, await db.Set<TicketMailbox>().IgnoreQueryFilters().FirstOrDefaultAsync(m => m.Id == id, cancellationToken), false, id, l["Restored"], cancellationToken,
            page: nameof(Edit));
}
