using System.Net;
using System.Text.RegularExpressions;
using Crm.Modules.Activities.Contracts;
using Crm.Modules.Activities.Domain;
using Crm.Modules.Activities.Features;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Notifications.Domain;
using Crm.Modules.Tags.Contracts;
using Crm.Modules.Tags.Domain;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Records;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Time;
using Microsoft.Extensions.DependencyInjection;

using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

/// <summary>Activities, timeline, tags, comments and notifications on each database provider.</summary>
public abstract partial class ActivitiesTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : AppFixture
{
    private CrmAppFactory App => fixture.App;

    [GeneratedRegex("class=\"list-group-item d-flex gap-3 timeline-entry\"")]
    private static partial Regex TimelineEntry();

    private sealed class TestClock(DateTime now) : IClock
    {
        public DateTime UtcNow { get; set; } = now;
    }

    private static async Task<Guid> NewContact(HttpClient client, string? name = null) =>
        IdFrom(await client.PostForm("/Contacts/Contacts/Create", "/Contacts/Contacts/Save",
            ("FirstName", "مینا"), ("LastName", name ?? Unique("x")), ("Phones[0].Type", "Mobile"), ("Phones[0].Number", Mobile()), ("Source", "Phone"), ("Rating", "0")));

    private static Task<HttpResponseMessage> LogActivity(HttpClient client, Guid contact, ActivityKind kind, params (string, string)[] fields) =>
        client.PostForm($"/Activities/Activities/Create?record=Contact:{contact}&kind={kind}", "/Activities/Activities/Save",
            [("Record", $"Contact:{contact}"), ("Kind", kind.ToString()), .. fields]);

    private static (string, string)[] At(DateOnly day, string time) => [("Date", Digits.ToPersian(JalaliDate.Format(day))), ("Time", time)];

    private async Task<(Guid Id, HttpClient Client)> UserAsync(string role, Guid? team, string? name = null)
    {
        name ??= Unique(role.ToLowerInvariant());
        var user = await App.CreateUserAsync(name, role, Password, team);
        var client = App.Browser();
        await client.SignInOk(name, Password);
        return (user.Id, client);
    }

    private int NotificationsOf(Guid userId) => App.Query(db => db.Set<Notification>().Count(n => n.UserId == userId));

    [Fact]
    public async Task The_reminder_job_delivers_a_reminder_once_at_the_set_time_and_not_before()
    {
        var (repId, rep) = await UserAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var contact = await NewContact(rep);
        // Far enough ahead that the scheduler running on the real clock never reaches it during the test.
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(40);
        (await LogActivity(rep, contact, ActivityKind.Task, [("Subject", "ارسال کاتالوگ"), .. At(day, "10:00"), ("RemindBefore", "15"), ("Priority", "High")]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var task = App.Query(db => db.Set<Activity>().Single(a => a.RecordId == contact && a.Kind == ActivityKind.Task));
        task.AssigneeId.ShouldBe(repId);
        task.RemindAt.ShouldBe(task.OccurredAt.AddMinutes(-15));
        task.OccurredAt.ShouldBe(new DateTime(day.Year, day.Month, day.Day, 6, 30, 0, DateTimeKind.Utc)); // 10:00 in Tehran

        async Task RunAt(DateTime now)
        {
            using var scope = App.Services.CreateScope();
            await ActivatorUtilities.CreateInstance<ReminderJob>(scope.ServiceProvider, new TestClock(now)).ExecuteAsync(CancellationToken.None);
        }

        await RunAt(task.RemindAt!.Value.AddMinutes(-1));
        NotificationsOf(repId).ShouldBe(0);

        await RunAt(task.RemindAt.Value);
        NotificationsOf(repId).ShouldBe(1);
        var notification = App.Query(db => db.Set<Notification>().Single(n => n.UserId == repId));
        notification.PersianText.ShouldContain("ارسال کاتالوگ");
        notification.Url.ShouldBe($"/Activities/Activities/Details/{task.Id}");

        await RunAt(task.RemindAt.Value.AddMinutes(5));
        NotificationsOf(repId).ShouldBe(1);

        // The bell shows it; opening it marks it read and follows the link.
        (await rep.GetStringAsync("/")).ShouldContain("id=\"notification-count\">۱<");
        var open = await rep.PostForm("/Notifications/Notifications", $"/Notifications/Notifications/Open/{notification.Id}");
        open.Headers.Location!.ToString().ShouldBe(notification.Url);
        (await rep.GetStringAsync("/")).ShouldNotContain("id=\"notification-count\"");
    }

    [Fact]
    public async Task Merging_two_tags_moves_every_usage_and_leaves_no_orphan()
    {
        var admin = App.Browser();
        await admin.SignInOk("admin", CrmAppFactory.AdminPassword);
        var (first, second, third) = (await NewContact(admin), await NewContact(admin), await NewContact(admin));
        var (oldName, newName) = (Unique("وفادار"), Unique("مشتری"));
        foreach (var (contact, name) in new[] { (first, oldName), (second, oldName), (second, newName), (third, newName) })
        {
            (await admin.PostForm($"/Contacts/Contacts/Details/{contact}", "/Tags/Tags/Add", ("record", $"Contact:{contact}"), ("names", name), ("returnUrl", "/")))
                .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        var source = App.Query(db => db.Set<Tag>().Single(t => t.Name == oldName));
        var target = App.Query(db => db.Set<Tag>().Single(t => t.Name == newName));
        (await admin.PostForm($"/Tags/TagReview/Edit/{source.Id}", "/Tags/TagReview/Merge", ("id", source.Id.ToString()), ("targetId", target.Id.ToString())))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        App.Query(db => db.Set<TagLink>().Count(l => l.TagId == source.Id)).ShouldBe(0);
        App.Query(db => db.Set<TagLink>().Where(l => l.TagId == target.Id).Select(l => l.RecordId).OrderBy(x => x).ToList())
            .ShouldBe(new[] { first, second, third }.OrderBy(x => x).ToList());
        var merged = App.Query(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(db.Set<Tag>()).Single(t => t.Id == source.Id));
        merged.IsDeleted.ShouldBeTrue();
        merged.MergedIntoId.ShouldBe(target.Id);
        (await admin.GetAsync($"/Tags/Tags/Show/{source.Id}")).Headers.Location!.ToString().ShouldContain(target.Id.ToString());
        var page = await admin.GetStringAsync($"/Tags/Tags/Show/{target.Id}");
        foreach (var contact in new[] { first, second, third })
        {
            page.ShouldContain($"/Contacts/Contacts/Details/{contact}");
        }
    }

    [Fact]
    public async Task A_personal_tag_is_seen_by_its_author_only()
    {
        var team = await App.NewTeamAsync();
        var (_, author) = await UserAsync(CrmRoles.SalesRep, team);
        var (_, teammate) = await UserAsync(CrmRoles.SalesRep, team);
        var contact = await NewContact(author);
        var name = Unique("خصوصی");
        (await author.PostForm($"/Contacts/Contacts/Details/{contact}", "/Tags/Tags/Add", ("record", $"Contact:{contact}"), ("names", name), ("personal", "true"), ("returnUrl", "/")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var tag = App.Query(db => db.Set<Tag>().Single(t => t.Name == name));
        tag.Kind.ShouldBe(TagKind.Personal);

        (await author.GetStringAsync($"/Contacts/Contacts/Details/{contact}")).ShouldContain(name);
        (await author.GetStringAsync("/Tags/Tags/Suggest?q=" + Uri.EscapeDataString(name))).ShouldContain(tag.Id.ToString());

        (await teammate.GetStringAsync($"/Contacts/Contacts/Details/{contact}")).ShouldNotContain(name);
        (await teammate.GetStringAsync("/Tags/Tags/Suggest?q=" + Uri.EscapeDataString(name))).ShouldNotContain(tag.Id.ToString());
        (await teammate.GetAsync($"/Tags/Tags/Show/{tag.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await teammate.GetStringAsync($"/Contacts/Contacts/Details/{contact}?tl_tag={tag.Id}")).ShouldNotContain($"value=\"{tag.Id}\"");

        // The teammate typing the same name gets a public tag of their own, never the author's personal one.
        await teammate.PostForm($"/Contacts/Contacts/Details/{contact}", "/Tags/Tags/Add", ("record", $"Contact:{contact}"), ("names", name), ("returnUrl", "/"));
        App.Query(db => db.Set<Tag>().Count(t => t.Key == tag.Key)).ShouldBe(2);
        App.Query(db => db.Set<TagLink>().Count(l => l.TagId == tag.Id)).ShouldBe(1);
    }

    [Fact]
    public async Task A_mention_notifies_each_mentioned_colleague_exactly_once()
    {
        var team = await App.NewTeamAsync();
        var authorName = Unique("author");
        var (authorId, author) = await UserAsync(CrmRoles.SalesRep, team, authorName);
        var names = new[] { Unique("u"), Unique("u"), Unique("u") };
        var ids = new List<Guid>();
        foreach (var name in names)
        {
            ids.Add((await App.CreateUserAsync(name, CrmRoles.SalesRep, Password, team)).Id);
        }

        var contact = await NewContact(author);
        var text = $"@{names[0]} و @{names[0].ToUpperInvariant()} لطفاً ببینید. @{names[1]}. @{authorName} @nobody.here";
        (await author.PostForm($"/Contacts/Contacts/Details/{contact}", "/Activities/Comments/Add", ("record", $"Contact:{contact}"), ("text", text), ("returnUrl", "/")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        NotificationsOf(ids[0]).ShouldBe(1);
        NotificationsOf(ids[1]).ShouldBe(1);
        NotificationsOf(ids[2]).ShouldBe(0);
        NotificationsOf(authorId).ShouldBe(0);
        App.Query(db => db.Set<Notification>().Single(n => n.UserId == ids[0]).Url).ShouldBe($"/Contacts/Contacts/Details/{contact}#comment-" +
            App.Query(db => db.Set<Comment>().Single(c => c.RecordId == contact).Id));

        // An edit notifies only the newly mentioned; the earlier text is kept.
        var comment = App.Query(db => db.Set<Comment>().Single(c => c.RecordId == contact));
        (await author.PostForm($"/Contacts/Contacts/Details/{contact}", $"/Activities/Comments/Edit/{comment.Id}",
            ("version", comment.Version.ToString()), ("text", text + $" @{names[2]}"), ("returnUrl", "/"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        NotificationsOf(ids[0]).ShouldBe(1);
        NotificationsOf(ids[2]).ShouldBe(1);
        App.Query(db => db.Set<CommentRevision>().Single(r => r.CommentId == comment.Id).Text).ShouldBe(text);

        // Someone else cannot edit it.
        var (_, teammate) = await UserAsync(CrmRoles.SalesRep, team);
        await teammate.PostForm($"/Contacts/Contacts/Details/{contact}", $"/Activities/Comments/Edit/{comment.Id}",
            ("version", comment.Version.ToString()), ("text", "changed"), ("returnUrl", "/"));
        App.Query(db => db.Set<Comment>().Single(c => c.Id == comment.Id).Text).ShouldBe(text + $" @{names[2]}");
        (await teammate.PostForm($"/Contacts/Contacts/Details/{contact}", $"/Activities/Comments/Delete/{comment.Id}", ("returnUrl", "/")))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_timeline_pages_newest_first_and_filters_by_kind_and_tag()
    {
        var (_, rep) = await UserAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var contact = await NewContact(rep);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var i = 0; i < 23; i++)
        {
            (await LogActivity(rep, contact, ActivityKind.Note, [("Body", $"یادداشت {i:00}"), .. At(today.AddDays(-30 + i), "09:00")]))
                .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        var tag = Unique("داغ");
        (await LogActivity(rep, contact, ActivityKind.Call, [("Subject", "تماس اول"), .. At(today.AddDays(-40), "11:00"), ("Direction", "Incoming"), ("Outcome", "Reached"), ("DurationMinutes", "4"), ("Tags", tag)]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await LogActivity(rep, contact, ActivityKind.Call, [("Subject", "تماس دوم"), .. At(today, "08:00"), ("Direction", "Missed"), ("Outcome", "NoAnswer")]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var url = $"/Contacts/Contacts/Details/{contact}";
        var first = await rep.GetStringAsync(url);
        TimelineEntry().Count(first).ShouldBe(Timeline.PageSize);
        first.IndexOf("تماس دوم", StringComparison.Ordinal).ShouldBeLessThan(first.IndexOf("یادداشت 22", StringComparison.Ordinal));
        first.ShouldContain("id=\"timeline-older\"");
        var second = await rep.GetStringAsync(url + "?tl_page=2");
        TimelineEntry().Count(second).ShouldBe(25 - Timeline.PageSize);
        second.ShouldContain("تماس اول");

        var calls = await rep.GetStringAsync(url + "?tl_kind=Call");
        TimelineEntry().Count(calls).ShouldBe(2);
        var tagId = App.Query(db => db.Set<Tag>().Single(t => t.Name == tag).Id);
        var tagged = await rep.GetStringAsync(url + "?tl_tag=" + tagId);
        TimelineEntry().Count(tagged).ShouldBe(1);
        tagged.ShouldContain("تماس اول");
        // Organizations and leads have the same timeline.
        var organization = IdFrom(await rep.PostForm("/Contacts/Organizations/Create", "/Contacts/Organizations/Save", ("Name", Unique("شرکت "))));
        (await rep.PostForm($"/Contacts/Organizations/Details/{organization}", "/Activities/Activities/Note", ("record", $"Organization:{organization}"), ("body", "قرارداد سالانه")))
            .Headers.Location!.ToString().ShouldBe($"/Contacts/Organizations/Details/{organization}");
        (await rep.GetStringAsync($"/Contacts/Organizations/Details/{organization}")).ShouldContain("قرارداد سالانه");

        // Every call carries the system tag "call".
        var callTag = App.Query(db => db.Set<Tag>().Single(t => t.SystemKey == SystemTags.Call).Id);
        TimelineEntry().Count(await rep.GetStringAsync(url + "?tl_tag=" + callTag)).ShouldBe(2);
    }

    [Fact]
    public async Task Messages_sent_and_status_changes_land_on_the_timeline_with_system_tags()
    {
        var (_, rep) = await UserAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var contact = await NewContact(rep);
        using (var scope = App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMediator>().Publish(new MessageSent(Guid.NewGuid(), MessageChannel.Email, MessageCategory.Transactional,
                new RecipientRef(RecordTypes.Contact, contact), "mina@customer.example", "پیش‌فاکتور شماره ۱۲", DateTime.UtcNow));
        }

        var html = await rep.GetStringAsync($"/Contacts/Contacts/Details/{contact}");
        html.ShouldContain("ایمیل به mina@customer.example: پیش‌فاکتور شماره ۱۲");
        html.ShouldContain("ایمیل ارسال‌شده");

        var lead = IdFrom(await rep.PostForm("/Leads/Leads/Quick", "/Leads/Leads/Save", ("Quick", "true"), ("Name", Unique("سرنخ ")), ("Mobile", Mobile()), ("Source", "WalkIn")));
        var edit = await rep.GetStringAsync($"/Leads/Leads/Edit/{lead}");
        var version = Regex.Match(edit, "name=\"Version\" value=\"([^\"]+)\"").Groups[1].Value;
        var leadRow = App.Query(db => db.Set<Crm.Modules.Leads.Domain.Lead>().Single(x => x.Id == lead));
        (await rep.PostForm($"/Leads/Leads/Edit/{lead}", "/Leads/Leads/Save", ("Id", lead.ToString()), ("Version", version), ("FirstName", leadRow.FirstName), ("LastName", leadRow.LastName),
            ("Mobile", leadRow.Mobile!), ("Source", "WalkIn"), ("Status", "Contacted"), ("Priority", "Normal"), ("Rating", "0"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var leadPage = await rep.GetStringAsync($"/Leads/Leads/Details/{lead}");
        leadPage.ShouldContain("تغییر وضعیت: جدید ← تماس گرفته شد");
        leadPage.ShouldContain("سرنخ ثبت شد");
        App.Query(db => db.Set<Activity>().Count(a => a.RecordId == lead && a.Kind == ActivityKind.StatusChange)).ShouldBe(2); // created, then the status
    }

    [Fact]
    public async Task Bad_input_on_an_activity_is_shown_again_with_its_message_and_nothing_typed_is_lost()
    {
        var (_, rep) = await UserAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var contact = await NewContact(rep);
        var details = "شرح تماس که نباید گم شود";
        var response = await LogActivity(rep, contact, ActivityKind.Call, ("Subject", ""), ("Body", details), ("Date", "1405/13/40"), ("Time", "25:99"), ("Tags", "یک دو سه چهار"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        foreach (var message in new[] { "لطفاً عنوان را بنویسید.", "تاریخ معتبر وارد کنید.", "ساعت را مانند ۱۴:۳۰ وارد کنید.", "هر برچسب باید ۱ تا ۳ کلمه و حداکثر ۴۰ نویسه" })
        {
            html.ShouldContain(message);
        }

        html.ShouldContain(details);
        html.ShouldContain("یک دو سه چهار");
        var tooLong = await LogActivity(rep, contact, ActivityKind.Note, [("Body", new string('ب', 4001)), .. At(DateOnly.FromDateTime(DateTime.UtcNow), "09:00")]);
        (await tooLong.Content.ReadAsStringAsync()).ShouldContain("حداکثر ۴٬۰۰۰ نویسه.");
        App.Query(db => db.Set<Activity>().Count(a => a.RecordId == contact)).ShouldBe(0);

        // An edit made on a stale copy is refused, not saved over the newer one.
        (await LogActivity(rep, contact, ActivityKind.Note, [("Body", "نسخه اول"), .. At(DateOnly.FromDateTime(DateTime.UtcNow), "09:00")])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var note = App.Query(db => db.Set<Activity>().Single(a => a.RecordId == contact));
        (await rep.PostForm($"/Activities/Activities/Edit/{note.Id}", "/Activities/Activities/Save", ("Id", note.Id.ToString()), ("Version", Guid.NewGuid().ToString()),
            ("Record", $"Contact:{contact}"), ("Kind", "Note"), ("Body", "نسخه کهنه"), ("Date", Digits.ToPersian(JalaliDate.Format(DateOnly.FromDateTime(DateTime.UtcNow)))), ("Time", "09:00")))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        App.Query(db => db.Set<Activity>().Single(a => a.Id == note.Id).Body).ShouldBe("نسخه اول");
    }

    [Fact]
    public async Task A_deleted_activity_or_comment_comes_back_with_undo_on_the_record_page()
    {
        var (_, rep) = await UserAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var contact = await NewContact(rep);
        var page = $"/Contacts/Contacts/Details/{contact}";
        (await LogActivity(rep, contact, ActivityKind.Note, [("Body", "یادداشت موقت"), .. At(DateOnly.FromDateTime(DateTime.UtcNow), "09:00")])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var note = App.Query(db => db.Set<Activity>().Single(a => a.RecordId == contact));
        var deleted = await rep.PostForm(page, $"/Activities/Activities/Delete/{note.Id}");
        deleted.Headers.Location!.ToString().ShouldBe(page);
        var shown = await rep.GetStringAsync(page);
        var entry = $"data-id=\"{note.Id}\"";
        shown.ShouldContain("id=\"timeline\""); // the timeline is on the page, so the entry is absent because it was deleted
        shown.ShouldNotContain(entry);
        var undo = Regex.Match(shown, "action=\"([^\"]*/Activities/Activities/Restore/[^\"]*)\"").Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal);
        (await rep.PostForm(page, undo)).Headers.Location!.ToString().ShouldBe(page);
        (await rep.GetStringAsync(page)).ShouldContain(entry);

        await rep.PostForm(page, "/Activities/Comments/Add", ("record", $"Contact:{contact}"), ("text", "نظر موقت"), ("returnUrl", page));
        var comment = App.Query(db => db.Set<Comment>().Single(c => c.RecordId == contact));
        (await rep.PostForm(page, $"/Activities/Comments/Delete/{comment.Id}", ("returnUrl", page))).Headers.Location!.ToString().ShouldBe(page);
        shown = await rep.GetStringAsync(page);
        shown.ShouldNotContain("نظر موقت");
        undo = Regex.Match(shown, "action=\"([^\"]*/Activities/Comments/Restore/[^\"]*)\"").Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal);
        (await rep.PostForm(page, undo)).Headers.Location!.ToString().ShouldBe(page);
        (await rep.GetStringAsync(page)).ShouldContain("نظر موقت");
    }

    [Fact]
    public async Task Merging_two_contacts_moves_the_timeline_comments_and_tags_to_the_survivor()
    {
        var (_, rep) = await UserAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var (keep, other) = (await NewContact(rep), await NewContact(rep));
        var tag = Unique("مهم");
        foreach (var contact in new[] { keep, other })
        {
            await rep.PostForm($"/Contacts/Contacts/Details/{contact}", "/Tags/Tags/Add", ("record", $"Contact:{contact}"), ("names", tag), ("returnUrl", "/"));
        }

        (await LogActivity(rep, other, ActivityKind.Note, [("Body", "یادداشت پرونده‌ی دوم"), .. At(DateOnly.FromDateTime(DateTime.UtcNow), "09:00")]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await rep.PostForm($"/Contacts/Contacts/Details/{other}", "/Activities/Comments/Add", ("record", $"Contact:{other}"), ("text", "نظر پرونده‌ی دوم"), ("returnUrl", "/"));

        (await rep.PostForm($"/Contacts/Contacts/Merge/{keep}?other={other}", $"/Contacts/Contacts/Merge/{keep}?other={other}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var page = await rep.GetStringAsync($"/Contacts/Contacts/Details/{keep}");
        page.ShouldContain("یادداشت پرونده‌ی دوم");
        page.ShouldContain("نظر پرونده‌ی دوم");
        var tagId = App.Query(db => db.Set<Tag>().Single(t => t.Name == tag).Id);
        App.Query(db => db.Set<TagLink>().Where(l => l.TagId == tagId).Select(l => l.RecordId).ToList()).ShouldBe([keep]);
        App.Query(db => db.Set<Activity>().Count(a => a.RecordId == other) + db.Set<Comment>().Count(c => c.RecordId == other)).ShouldBe(0);
    }

    [Fact]
    public async Task A_rep_of_another_team_can_do_nothing_with_the_activities_tags_and_comments_of_a_record_they_cannot_see()
    {
        var (_, owner) = await UserAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var (outsiderId, outsider) = await UserAsync(CrmRoles.SalesRep, await App.NewTeamAsync());
        var contact = await NewContact(owner);
        (await LogActivity(owner, contact, ActivityKind.Call, [("Subject", "محرمانه"), .. At(DateOnly.FromDateTime(DateTime.UtcNow), "10:00"), ("Tags", "سری")]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var call = App.Query(db => db.Set<Activity>().Single(a => a.RecordId == contact));
        await owner.PostForm($"/Contacts/Contacts/Details/{contact}", "/Activities/Comments/Add", ("record", $"Contact:{contact}"), ("text", "یادداشت داخلی"), ("returnUrl", "/"));
        var comment = App.Query(db => db.Set<Comment>().Single(c => c.RecordId == contact));

        (await outsider.GetAsync($"/Activities/Activities/Create?record=Contact:{contact}&kind=Call")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.GetAsync($"/Activities/Activities/Details/{call.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.GetAsync($"/Activities/Activities/Edit/{call.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.GetAsync($"/Activities/Comments/History/{comment.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var home = "/Activities/MyDay";
        (await outsider.PostForm(home, "/Activities/Activities/Save", ("Record", $"Contact:{contact}"), ("Kind", "Note"), ("Body", "x"), ("Date", "1405/01/01"), ("Time", "10:00")))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.PostForm(home, $"/Activities/Activities/Done/{call.Id}", ("done", "true"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.PostForm(home, $"/Activities/Activities/Delete/{call.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await outsider.PostForm(home, "/Tags/Tags/Add", ("record", $"Contact:{contact}"), ("names", "نفوذ"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await outsider.PostForm(home, "/Activities/Comments/Add", ("record", $"Contact:{contact}"), ("text", "سلام"), ("returnUrl", "/"));
        App.Query(db => db.Set<Comment>().Count(c => c.RecordId == contact)).ShouldBe(1);
        var tag = App.Query(db => db.Set<Tag>().Single(t => t.Name == "سری"));
        (await outsider.GetStringAsync($"/Tags/Tags/Show/{tag.Id}")).ShouldNotContain("محرمانه");
        (await outsider.GetStringAsync($"/Activities/Comments/FindCustomers?q=" + Uri.EscapeDataString("مینا"))).ShouldNotContain(contact.ToString());

        // Administration pages stay closed to a rep; nobody opens another user's notifications.
        (await outsider.GetAsync("/Tags/TagReview")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await outsider.GetAsync("/Tags/TagReport")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await outsider.PostForm(home, $"/Tags/TagReview/Merge", ("id", tag.Id.ToString()), ("targetId", tag.Id.ToString()))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using (var scope = App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new Crm.Modules.Notifications.Contracts.Notify([call.CreatedBy!.Value], new LocalText("الف", "a"), "/"));
        }

        var theirs = App.Query(db => db.Set<Notification>().Single(n => n.UserId == call.CreatedBy));
        (await outsider.PostForm(home, $"/Notifications/Notifications/Open/{theirs.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        NotificationsOf(outsiderId).ShouldBe(0);

        // Every post needs its anti-forgery token.
        (await outsider.PostAsync("/Notifications/Notifications/MarkAllRead", new FormUrlEncodedContent([]))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}

public sealed class SqliteActivitiesTests(SqliteAppFixture fixture) : ActivitiesTests<SqliteAppFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresActivitiesTests(PostgresAppFixture fixture) : ActivitiesTests<PostgresAppFixture>(fixture);
