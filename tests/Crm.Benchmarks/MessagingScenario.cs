using System.Diagnostics;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Messaging.Contracts;
using Crm.Modules.Messaging.Domain;
using Crm.Modules.Messaging.Features;
using Crm.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>
/// Draining the outbox: 10,000 queued emails sent by the app's outbox sender (claims, SMTP adapter, recording each
/// outcome) to the project's SMTP server, against a plain loop of <see cref="SmtpClient"/> sends of the same messages
/// to the same server. Pacing is switched off for both, since it is a policy, not a cost.
/// </summary>
public static class MessagingScenario
{
    public static async Task RunAsync(BenchOptions options)
    {
        var count = options.GetInt("emails", 10_000);
        var dataFolder = Path.Combine(Path.GetTempPath(), "crm-bench", Guid.NewGuid().ToString("N"));
        var mailFolder = Path.Combine(dataFolder, "received");
        Directory.CreateDirectory(dataFolder);
        using var sink = StartSink(mailFolder, out var port);
        var app = CustomersScenario.BuildApp(DatabaseProviders.Sqlite, $"Data Source={Path.Combine(dataFolder, "crm.db")}", dataFolder, $"http://127.0.0.1:{CustomersScenario.FreePort()}",
            new Dictionary<string, string>
            {
                ["Email:Delivery"] = "Smtp",
                ["Email:Host"] = "127.0.0.1",
                ["Email:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Email:From"] = "crm@bench.example",
                ["Messaging:EmailsPerSecond"] = "0",
                ["Messaging:BatchSize"] = "100",
            });
        try
        {
            await app.InitializeAsync(forceMigrate: true);
            var messages = Enumerable.Range(0, count).Select(i => new OutboxMessage
            {
                Channel = MessageChannel.Email,
                To = $"customer{i}@bench.example",
                ToKey = $"customer{i}@bench.example",
                Subject = $"پیش‌فاکتور شماره {i}",
                Body = $"<p>سلام مشتری {i} عزیز،</p><p>پیش‌فاکتور شما آماده است. <a href=\"https://crm.example/q/{i}\">مشاهده</a></p>",
                CreatedAt = DateTime.UtcNow,
                NextAttemptAt = DateTime.UtcNow,
            }).ToList();
            foreach (var message in messages)
            {
                message.TextBody = MessageText.HtmlToText(message.Body);
            }

            // The reference: a plain loop of SmtpClient sends of the same multipart messages, one after another.
            var raw = Stopwatch.StartNew();
            foreach (var message in messages)
            {
                using var client = new SmtpClient("127.0.0.1", port);
                {
                    using var mail = new MailMessage("crm@bench.example", message.To) { Subject = message.Subject, SubjectEncoding = Encoding.UTF8, BodyEncoding = Encoding.UTF8 };
                    foreach (var (body, type) in new[] { (message.TextBody!, MediaTypeNames.Text.Plain), (message.Body, MediaTypeNames.Text.Html) })
                    {
                        var view = AlternateView.CreateAlternateViewFromString(body, Encoding.UTF8, type);
                        view.TransferEncoding = TransferEncoding.QuotedPrintable;
                        mail.AlternateViews.Add(view);
                    }

                    await client.SendMailAsync(mail);
                }
            }

            raw.Stop();

            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                db.AddRange(messages);
                await db.SaveChangesAsync();
            }

            var drained = Stopwatch.StartNew();
            int handed;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                handed = await scope.ServiceProvider.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);
            }

            drained.Stop();
            var received = Directory.GetFiles(mailFolder, "*.eml").Length;
            Console.WriteLine($"emails: {count:N0}; handed to the server by the outbox: {handed:N0}; files the server received in all: {received:N0}");
            Console.WriteLine($"{"raw SmtpClient loop",-34} {raw.Elapsed.TotalSeconds,8:0.00} s {count / raw.Elapsed.TotalSeconds,9:0} emails/s");
            Console.WriteLine($"{"outbox drain (app)",-34} {drained.Elapsed.TotalSeconds,8:0.00} s {handed / drained.Elapsed.TotalSeconds,9:0} emails/s");
            Console.WriteLine($"app / raw throughput: {raw.Elapsed.TotalSeconds / drained.Elapsed.TotalSeconds:0.00}x");
        }
        finally
        {
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataFolder, recursive: true);
        }
    }

    private static Process StartSink(string folder, out int port)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Crm.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("Crm.sln not found.");
        }

        var process = Process.Start(new ProcessStartInfo("python3", ["-u", Path.Combine(root.FullName, "deploy", "scripts", "smtp-sink.py"), "--folder", folder])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        port = int.Parse(process.StandardOutput.ReadLine()!.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
        return process;
    }
}
