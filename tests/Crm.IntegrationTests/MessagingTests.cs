using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.Modules.Messaging.Features;
using Crm.Modules.Messaging.Providers;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using static Crm.IntegrationTests.TestSupport;

namespace Crm.IntegrationTests;

/// <summary>The app with real providers behind the outbox: the project's SMTP server and a local Kavenegar stand-in.</summary>
public abstract class MessagingAppFixture : IDisposable
{
    protected MessagingAppFixture(string provider)
    {
        App = new CrmAppFactory(provider, new Dictionary<string, string>
        {
            // The tests drive the outbox themselves.
            ["Jobs:Enabled"] = "false",
            ["Email:Delivery"] = "Smtp",
            ["Email:Host"] = "127.0.0.1",
            ["Email:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:From"] = "crm@test.example",
            ["PublicUrl"] = "http://localhost",
            ["Messaging:RetryDelay"] = "00:00:02",
            ["Messaging:MaxAttempts"] = "3",
            ["Messaging:EmailsPerSecond"] = "0",
            ["Messaging:Sms:Provider"] = "Kavenegar",
            ["Messaging:Sms:PerSecond"] = "0",
            ["Messaging:Sms:Kavenegar:BaseUrl"] = Sms.BaseUrl,
            ["Messaging:Sms:Kavenegar:ApiKey"] = FakeKavenegar.ApiKey,
            ["Messaging:Sms:Kavenegar:Timeout"] = "00:00:01",
            ["Messaging:Sms:Kavenegar:Sender"] = Line,
            // Campaigns sent here go out whatever the hour the tests run at.
            ["Campaigns:Sending:QuietFromHour"] = "0",
            ["Campaigns:Sending:QuietUntilHour"] = "0",
        });
    }

    /// <summary>The SMS line messages are sent from and replies come back to.</summary>
    public const string Line = "10004346";

    public SmtpSink Smtp { get; } = new();

    public FakeKavenegar Sms { get; } = new();

    public CrmAppFactory App { get; }

    public void Dispose()
    {
        App.Dispose();
        Smtp.Dispose();
        Sms.DisposeAsync().AsTask().GetAwaiter().GetResult();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteMessagingFixture() : MessagingAppFixture(DatabaseProviders.Sqlite);

public sealed class PostgresMessagingFixture() : MessagingAppFixture(DatabaseProviders.PostgreSql);

/// <summary>Email and SMS through the outbox: real SMTP, the SMS gateway's API with its errors and timeouts, opt-outs, and exactly-once sending.</summary>
public abstract partial class MessagingTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : MessagingAppFixture
{
    private CrmAppFactory App => fixture.App;

    private async Task<Guid> QueueAsync(SendMessage message)
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(message);
    }

    private async Task<int> SendDueAsync()
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);
    }

    private OutboxMessage Stored(Guid id) => App.Query(db => db.Set<OutboxMessage>().AsNoTracking().Single(m => m.Id == id));

    private MimeReader Received(Guid id) => MimeReader.Parse(fixture.Smtp.Received($"<{id:N}@crm.outbox>").Single());

    [Fact]
    public async Task An_email_reaches_a_real_smtp_server_with_both_parts_and_its_attachment()
    {
        var to = Unique("maryam") + "@customer.example";
        var pdf = "%PDF-1.4\n% a small but real attachment\n"u8.ToArray().Concat(Enumerable.Range(0, 3000).Select(i => (byte)(i % 251))).ToArray();
        var contact = Guid.NewGuid();
        var id = await QueueAsync(new SendMessage(MessageChannel.Email, to)
        {
            Subject = "پیش‌فاکتور شماره ۱۲۳",
            Body = "<p>سلام <b>مریم</b> عزیز،</p><p>پیش‌فاکتور پیوست است. <a href=\"https://crm.example/q/123\">مشاهده آنلاین</a></p>",
            Attachments = [new MessageAttachment("quote-123.pdf", "application/pdf", pdf)],
            Recipient = new RecipientRef("Contact", contact),
        });
        Stored(id).Status.ShouldBe(MessageStatus.Queued);

        (await SendDueAsync()).ShouldBeGreaterThanOrEqualTo(1);

        var mail = Received(id);
        mail.Headers["Subject"].ShouldBe("پیش‌فاکتور شماره ۱۲۳");
        mail.Headers["To"].ShouldContain(to);
        mail.Headers["From"].ShouldContain("crm@test.example");
        mail.Headers.ContainsKey("List-Unsubscribe").ShouldBeFalse(); // transactional
        var parts = mail.Leaves().ToList();
        var text = parts.Single(p => p.ContentType.StartsWith("text/plain", StringComparison.Ordinal)).Text();
        text.ShouldContain("سلام مریم عزیز،");
        text.ShouldContain("مشاهده آنلاین (https://crm.example/q/123)");
        parts.Single(p => p.ContentType.StartsWith("text/html", StringComparison.Ordinal)).Text().ShouldContain("<b>مریم</b>");
        var attachment = parts.Single(p => p.ContentType.StartsWith("application/pdf", StringComparison.Ordinal));
        attachment.ContentType.ShouldContain("quote-123.pdf");
        attachment.Content().ShouldBe(pdf);

        var stored = Stored(id);
        stored.Status.ShouldBe(MessageStatus.Sent);
        stored.ProviderName.ShouldBe("smtp");
        stored.Attempts.ShouldBe(1);
        stored.SentAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_marketing_email_has_a_signed_unsubscribe_link_that_works_without_signing_in_and_is_honoured()
    {
        var to = Unique("reza") + "@customer.example";
        var first = await QueueAsync(new SendMessage(MessageChannel.Email, to) { Category = MessageCategory.Marketing, Subject = "حراج پاییزه", Body = "<p>تا ۳۰٪ تخفیف</p>" });
        await SendDueAsync();
        var mail = Received(first);
        var header = mail.Headers["List-Unsubscribe"].Trim('<', '>');
        var html = mail.Leaves().Single(p => p.ContentType.StartsWith("text/html", StringComparison.Ordinal)).Text();
        var link = WebUtility.HtmlDecode(LinkPattern().Match(html).Groups[1].Value);
        header.ShouldStartWith("http://localhost/Messaging/Unsubscribe?t=");
        link.ShouldStartWith("http://localhost/Messaging/Unsubscribe?t=");
        var path = new Uri(link).PathAndQuery;

        var anonymous = App.Browser();
        var page = await anonymous.GetStringAsync(path);
        page.ShouldContain(to[0] + "•");
        page.ShouldNotContain(to);

        var token = Uri.UnescapeDataString(path[(path.IndexOf("t=", StringComparison.Ordinal) + 2)..]);
        var tampered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];
        var forged = await anonymous.PostAsync("/Messaging/Unsubscribe", new FormUrlEncodedContent([new("t", tampered)]));
        (await forged.Content.ReadAsStringAsync()).ShouldContain("alert-warning");
        App.Query(db => db.Set<OptOut>().Count(o => o.AddressKey == to)).ShouldBe(0);

        var confirmed = await anonymous.PostAsync("/Messaging/Unsubscribe", new FormUrlEncodedContent([new("t", token)]));
        confirmed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await confirmed.Content.ReadAsStringAsync()).ShouldContain("alert-success");
        App.Query(db => db.Set<OptOut>().Single(o => o.AddressKey == to)).Source.ShouldBe("link");

        var marketing = await QueueAsync(new SendMessage(MessageChannel.Email, to.ToUpperInvariant()) { Category = MessageCategory.Marketing, Subject = "حراج دوم", Body = "<p>باز هم</p>" });
        var receipt = await QueueAsync(new SendMessage(MessageChannel.Email, to) { Subject = "رسید پرداخت", Body = "<p>پرداخت شما دریافت شد.</p>" });
        await SendDueAsync();
        Stored(marketing).Status.ShouldBe(MessageStatus.Skipped);
        Stored(marketing).Error.ShouldBe("opted out");
        fixture.Smtp.Received($"<{marketing:N}@crm.outbox>").ShouldBeEmpty();
        Stored(receipt).Status.ShouldBe(MessageStatus.Sent);
    }

    [Fact]
    public async Task Sms_goes_through_the_gateway_api_and_its_errors_and_timeouts_are_retried_without_sending_twice()
    {
        var normal = "0912" + Random.Shared.Next(1000000, 9999999);
        var ok = await QueueAsync(new SendMessage(MessageChannel.Sms, "+98 " + normal[1..]) { Body = "یادآوری: قسط شما فردا سررسید می‌شود.", Category = MessageCategory.Marketing });
        var invalid = await QueueAsync(new SendMessage(MessageChannel.Sms, FakeKavenegar.InvalidNumber) { Body = "سلام" });
        var noCredit = await QueueAsync(new SendMessage(MessageChannel.Sms, FakeKavenegar.NoCreditNumber) { Body = "سلام" });
        var failsOnce = await QueueAsync(new SendMessage(MessageChannel.Sms, FakeKavenegar.FailsOnceNumber) { Body = "سلام" });
        var hangsOnce = await QueueAsync(new SendMessage(MessageChannel.Sms, FakeKavenegar.HangsOnceNumber) { Body = "سلام" });

        await SendDueAsync();
        Stored(ok).Status.ShouldBe(MessageStatus.Sent);
        // HttpClient may repeat a request whose pooled connection the server closed; the same local id makes it harmless.
        fixture.Sms.Requests.First(r => r.LocalId == ok.ToString("N")).ShouldBe((normal, "یادآوری: قسط شما فردا سررسید می‌شود.\nلغو۱۱", ok.ToString("N")));
        fixture.Sms.Sent.Count(id => id == ok.ToString("N")).ShouldBe(1);
        Stored(invalid).Status.ShouldBe(MessageStatus.Failed);
        Stored(invalid).Attempts.ShouldBe(1);
        Stored(invalid).Error.ShouldBe("Kavenegar 411: دریافت کننده نامعتبر است");
        Stored(noCredit).Status.ShouldBe(MessageStatus.Failed);
        Stored(noCredit).Attempts.ShouldBe(1);
        Stored(noCredit).Error.ShouldBe("Kavenegar 418: اعتبار حساب شما کافی نیست");
        Stored(failsOnce).Status.ShouldBe(MessageStatus.Queued);
        Stored(failsOnce).Error!.ShouldStartWith("Kavenegar 502: <html>");
        Stored(hangsOnce).Status.ShouldBe(MessageStatus.Queued);
        Stored(hangsOnce).Error!.ShouldContain("did not answer");

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await SendDueAsync();
        foreach (var retried in new[] { failsOnce, hangsOnce })
        {
            Stored(retried).Status.ShouldBe(MessageStatus.Sent);
            Stored(retried).Attempts.ShouldBe(2);
        }

        // The hung request reached the gateway, and so did the retry with the same local id: it was sent once.
        fixture.Sms.Requests.Count(r => r.LocalId == hangsOnce.ToString("N")).ShouldBeGreaterThanOrEqualTo(2);
        fixture.Sms.Sent.Count(id => id == hangsOnce.ToString("N")).ShouldBe(1);
        Stored(invalid).Status.ShouldBe(MessageStatus.Failed);

        using (var scope = App.Services.CreateScope())
        {
            await ActivatorUtilities.CreateInstance<SmsDeliveryJob>(scope.ServiceProvider).ExecuteAsync(CancellationToken.None);
        }

        Stored(ok).Status.ShouldBe(MessageStatus.Delivered);
        Stored(ok).ProviderMessageId.ShouldBe(fixture.Sms.SentIds[ok.ToString("N")].ToString(System.Globalization.CultureInfo.InvariantCulture));
        Stored(ok).DeliveredAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task Messages_with_a_bad_address_are_refused_with_a_localized_error_and_nothing_is_queued()
    {
        var before = App.Query(db => db.Set<OutboxMessage>().Count());
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            foreach (var (language, expected) in new[] { ("fa-IR", "این شماره موبایل ایرانی درست نیست."), ("en-US", "This is not a valid Iranian mobile number.") })
            {
                System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo(language);
                var error = await Should.ThrowAsync<FluentValidation.ValidationException>(() => QueueAsync(new SendMessage(MessageChannel.Sms, "12345") { Body = "x" }));
                error.Errors.Single().ErrorMessage.ShouldBe(expected);
            }
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = culture;
        }

        await Should.ThrowAsync<FluentValidation.ValidationException>(() => QueueAsync(new SendMessage(MessageChannel.Email, "not-an-address") { Subject = "s", Body = "b" }));
        App.Query(db => db.Set<OutboxMessage>().Count()).ShouldBe(before);
    }

    [Fact]
    public async Task Two_senders_on_one_database_hand_each_of_1000_messages_to_the_provider_exactly_once()
    {
        var ids = new List<Guid>();
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var now = DateTime.UtcNow.AddSeconds(-1);
            for (var i = 0; i < 1000; i++)
            {
                var message = new OutboxMessage { Channel = MessageChannel.Email, To = $"bulk{i}@customer.example", ToKey = $"bulk{i}@customer.example", Subject = "s", Body = "b", CreatedAt = now, NextAttemptAt = now };
                ids.Add(message.Id);
                db.Add(message);
            }

            await db.SaveChangesAsync();
        }

        var handed = new ConcurrentDictionary<Guid, int>();
        var transport = new CountingTransport(handed);
        var perSender = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            using var scope = App.Services.CreateScope();
            var services = scope.ServiceProvider;
            var options = Options.Create(new MessagingOptions { BatchSize = 25, EmailsPerSecond = 0, Sms = new SmsOptions { PerSecond = 0 } });
            using var pacing = new TransportPacing(options);
            var sender = new OutboxSender(services.GetRequiredService<DbContext>(), [transport], pacing, services.GetRequiredService<IClock>(),
                options, services.GetRequiredService<IMediator>(), services.GetRequiredService<BounceRecorder>(), NullLogger<OutboxSender>.Instance);
            return await sender.SendDueAsync(CancellationToken.None);
        })));

        ids.ShouldAllBe(id => handed.GetValueOrDefault(id) == 1);
        perSender.Sum().ShouldBeGreaterThanOrEqualTo(1000);
        App.Query(db => db.Set<OutboxMessage>().Count(m => ids.Contains(m.Id) && m.Status == MessageStatus.Sent)).ShouldBe(1000);
    }

    [Fact]
    public async Task A_mail_server_that_cannot_be_reached_is_tried_again_and_a_fault_in_a_transport_fails_the_message_at_once()
    {
        var unreachable = await QueueAsync(new SendMessage(MessageChannel.Email, "later@customer.example") { Subject = "s", Body = "b" });
        var faulty = await QueueAsync(new SendMessage(MessageChannel.Sms, "09121234567") { Body = "b" });
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now

        await SendThroughAsync(new Crm.SharedKernel.Email.EmailOptions { Host = "127.0.0.1", Port = port, TimeoutSeconds = 5 }, new FaultyTransport());

        var retried = Stored(unreachable);
        retried.Status.ShouldBe(MessageStatus.Queued);
        retried.Attempts.ShouldBe(1);
        retried.Error!.ShouldContain($"127.0.0.1:{port}");
        var failed = Stored(faulty);
        failed.Status.ShouldBe(MessageStatus.Failed);
        failed.Attempts.ShouldBe(1);
        failed.Error!.ShouldContain("InvalidCastException");
    }

    /// <summary>Sends what is due through an SMTP delivery with these settings (and any other transports), logging to <paramref name="log"/>.</summary>
    private async Task SendThroughAsync(Crm.SharedKernel.Email.EmailOptions smtpSettings, IMessageTransport? other = null, RecordingLogger<OutboxSender>? log = null)
    {
        using var scope = App.Services.CreateScope();
        var services = scope.ServiceProvider;
        var options = Options.Create(new MessagingOptions { EmailsPerSecond = 0, Sms = new SmsOptions { PerSecond = 0 } });
        using var pacing = new TransportPacing(options);
        var smtp = new Crm.Infrastructure.Email.SmtpMailDelivery(Options.Create(smtpSettings));
        IMessageTransport[] transports = other is null
            ? [new EmailTransport(smtp, services.GetRequiredService<UnsubscribeLinks>())]
            : [new EmailTransport(smtp, services.GetRequiredService<UnsubscribeLinks>()), other];
        var sender = new OutboxSender(services.GetRequiredService<DbContext>(), transports, pacing, services.GetRequiredService<IClock>(), options,
            services.GetRequiredService<IMediator>(), services.GetRequiredService<BounceRecorder>(), (Microsoft.Extensions.Logging.ILogger<OutboxSender>?)log ?? NullLogger<OutboxSender>.Instance);
        await sender.SendDueAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Mail_goes_over_starttls_after_signing_in_and_a_refused_sign_in_or_certificate_is_logged_and_tried_again()
    {
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        using var server = SmtpSink.WithTlsAndSignIn("crm-mailer", password);
        var settings = new Crm.SharedKernel.Email.EmailOptions
        {
            Host = "127.0.0.1", Port = server.Port, EnableSsl = true, UserName = "crm-mailer", Password = password,
            TrustedCertificate = string.Join(':', server.Fingerprint!.Chunk(2).Select(pair => new string(pair))), TimeoutSeconds = 10,
        };

        var signedIn = await QueueAsync(new SendMessage(MessageChannel.Email, Unique("tls") + "@customer.example") { Subject = "رسید", Body = "<p>سلام</p>" });
        await SendThroughAsync(settings);
        Stored(signedIn).Status.ShouldBe(MessageStatus.Sent);
        server.SessionOf($"<{signedIn:N}@crm.outbox>").ShouldBe("tls=yes\nuser=crm-mailer\n");

        var log = new RecordingLogger<OutboxSender>();
        var wrongPassword = await QueueAsync(new SendMessage(MessageChannel.Email, Unique("wrong") + "@customer.example") { Subject = "s", Body = "b" });
        await SendThroughAsync(new Crm.SharedKernel.Email.EmailOptions
        {
            Host = settings.Host, Port = settings.Port, EnableSsl = true, UserName = "crm-mailer", Password = "not-" + password,
            TrustedCertificate = settings.TrustedCertificate, TimeoutSeconds = 10,
        }, log: log);
        var refused = Stored(wrongPassword);
        refused.Status.ShouldBe(MessageStatus.Queued);
        refused.Attempts.ShouldBe(1);
        var error = refused.Error.ShouldNotBeNull();
        error.ShouldContain("refused the sign-in of 'crm-mailer'");
        error.ShouldContain("535");
        error.ShouldNotContain(password);
        log.Entries.ShouldContain(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Text.Contains(wrongPassword.ToString(), StringComparison.Ordinal)
            && e.Text.Contains("refused the sign-in", StringComparison.Ordinal));

        var untrusted = await QueueAsync(new SendMessage(MessageChannel.Email, Unique("cert") + "@customer.example") { Subject = "s", Body = "b" });
        await SendThroughAsync(new Crm.SharedKernel.Email.EmailOptions
        {
            Host = settings.Host, Port = settings.Port, EnableSsl = true, UserName = "crm-mailer", Password = password, TimeoutSeconds = 10,
        });
        Stored(untrusted).Status.ShouldBe(MessageStatus.Queued);
        Stored(untrusted).Error!.ShouldContain("certificate was not accepted");

        // Corrected settings send both waiting messages, each once.
        await App.QueryAsync(db => db.Set<OutboxMessage>().Where(m => m.Id == wrongPassword || m.Id == untrusted)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, DateTime.UtcNow.AddSeconds(-1))));
        await SendThroughAsync(settings);
        Stored(wrongPassword).Status.ShouldBe(MessageStatus.Sent);
        Stored(wrongPassword).Attempts.ShouldBe(2);
        Stored(untrusted).Status.ShouldBe(MessageStatus.Sent);
        server.SessionOf($"<{wrongPassword:N}@crm.outbox>").ShouldBe("tls=yes\nuser=crm-mailer\n");
    }

    /// <summary>Keeps what was logged, formatted, to check that a failure says what went wrong.</summary>
    private sealed class RecordingLogger<T> : Microsoft.Extensions.Logging.ILogger<T>
    {
        public ConcurrentQueue<(Microsoft.Extensions.Logging.LogLevel Level, string Text)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception)));
    }

    /// <summary>A transport with a bug in it.</summary>
    private sealed class FaultyTransport : IMessageTransport
    {
        public MessageChannel Channel => MessageChannel.Sms;

        public string Name => "faulty";

        public Task<TransportResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken) =>
            throw new InvalidCastException("a bug");
    }

    [Fact]
    public async Task The_outbox_page_shows_messages_to_managers_only_and_sends_a_failed_one_again()
    {
        var failed = await QueueAsync(new SendMessage(MessageChannel.Sms, FakeKavenegar.InvalidNumber) { Body = "پیام ناموفق" });
        await SendDueAsync();
        Stored(failed).Status.ShouldBe(MessageStatus.Failed);

        var rep = await App.SignedInAsync(Crm.SharedKernel.Security.CrmRoles.SalesRep, await App.NewTeamAsync());
        (await rep.GetAsync("/Messaging/Outbox")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await rep.GetAsync($"/Messaging/Outbox/Details/{failed}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var manager = await App.SignedInAsync(Crm.SharedKernel.Security.CrmRoles.SalesManager, null);
        (await manager.GetStringAsync("/Messaging/Outbox?status=Failed")).ShouldContain($"/Messaging/Outbox/Details/{failed}");
        (await manager.GetStringAsync($"/Messaging/Outbox/Details/{failed}")).ShouldContain("پیام ناموفق");
        (await manager.PostAsync($"/Messaging/Outbox/Resend/{failed}", new FormUrlEncodedContent([]))).StatusCode.ShouldBe(HttpStatusCode.BadRequest); // no anti-forgery token
        (await manager.PostForm($"/Messaging/Outbox/Details/{failed}", $"/Messaging/Outbox/Resend/{failed}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Stored(failed).Status.ShouldBe(MessageStatus.Queued);
        Stored(failed).Attempts.ShouldBe(0);
    }

    [Fact]
    public async Task A_template_with_an_unknown_placeholder_is_refused_on_save_and_a_saved_one_fills_messages_in_persian()
    {
        var admin = await App.SignedInAsync(Crm.SharedKernel.Security.CrmRoles.Administrator, null);
        var key = Unique("reminder.");
        (string, string)[] Form(string body) =>
            [("Key", key), ("Name", "یادآوری قسط"), ("Channel", "Sms"), ("Culture", "fa"), ("Category", "Transactional"), ("Body", body)];

        var refused = await admin.PostForm("/Messaging/Templates/Create", "/Messaging/Templates/Save", Form("{{Contact.FirstName}} عزیز، {{Invoice.Ammount}} مانده است."));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()).ShouldContain("این جای‌نگهدارها وجود ندارند: {{Invoice.Ammount}}");
        App.Query(db => db.Set<MessageTemplate>().Count(t => t.Key == key)).ShouldBe(0);

        var saved = await admin.PostForm("/Messaging/Templates/Create", "/Messaging/Templates/Save", Form("{{Contact.FirstName}} عزیز، {{Invoice.AmountDue}} ریال تا {{Invoice.DueDate}} مانده است."));
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.GetStringAsync("/Messaging/Templates")).ShouldContain(key);

        var id = await QueueAsync(new SendMessage(MessageChannel.Sms, "09121234567")
        {
            TemplateKey = key,
            Values = new Dictionary<string, object?> { ["Contact.FirstName"] = "مریم", ["Invoice.AmountDue"] = 62_500_000m, ["Invoice.DueDate"] = new DateOnly(2026, 12, 21) },
        });
        Stored(id).Body.ShouldBe("مریم عزیز، ۶۲٬۵۰۰٬۰۰۰ ریال تا ۱۴۰۵/۰۹/۳۰ مانده است.");

        // Deleted with one click, it is only hidden: it can be restored, and a deleted template sends nothing.
        var templateId = App.Query(db => db.Set<MessageTemplate>().Single(t => t.Key == key).Id);
        (await admin.PostForm("/Messaging/Templates", $"/Messaging/Templates/Delete/{templateId}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await Should.ThrowAsync<FluentValidation.ValidationException>(() => QueueAsync(new SendMessage(MessageChannel.Sms, "09121234567") { TemplateKey = key }));
        (await admin.GetStringAsync("/Messaging/Templates?deleted=true")).ShouldContain(key);
        (await admin.PostForm("/Messaging/Templates?deleted=true", $"/Messaging/Templates/Restore/{templateId}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        App.Query(db => db.Set<MessageTemplate>().Count(t => t.Key == key)).ShouldBe(1);

        var rep = await App.SignedInAsync(Crm.SharedKernel.Security.CrmRoles.SalesRep, await App.NewTeamAsync());
        (await rep.GetAsync("/Messaging/Templates")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await rep.GetAsync($"/Messaging/Templates/Edit/{templateId}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await rep.PostForm("/Leads/Leads", "/Messaging/Templates/Save", Form("{{Contact.FirstName}}"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await rep.PostForm("/Leads/Leads", $"/Messaging/Templates/Delete/{templateId}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await rep.PostForm("/Leads/Leads", "/Messaging/Templates/Preview", ("Channel", "Sms"), ("Body", "x"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await rep.PostForm("/Leads/Leads", $"/Messaging/Outbox/Resend/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        App.Query(db => db.Set<MessageTemplate>().Count(t => t.Key == key && !t.IsDeleted)).ShouldBe(1);
    }

    /// <summary>Stands in for a provider so the test counts hand-overs; what is under test is the claiming.</summary>
    private sealed class CountingTransport(ConcurrentDictionary<Guid, int> handed) : IMessageTransport
    {
        public MessageChannel Channel => MessageChannel.Email;

        public string Name => "counting";

        public async Task<TransportResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            handed.AddOrUpdate(message.Id, 1, (_, n) => n + 1);
            await Task.Yield();
            return TransportResult.Ok();
        }
    }

    [GeneratedRegex("<a href=\"([^\"]+Unsubscribe[^\"]+)\"")]
    private static partial Regex LinkPattern();
}

public sealed class SqliteMessagingTests(SqliteMessagingFixture fixture) : MessagingTests<SqliteMessagingFixture>(fixture);

[Trait("Category", "Postgres")]
public sealed class PostgresMessagingTests(PostgresMessagingFixture fixture) : MessagingTests<PostgresMessagingFixture>(fixture);
