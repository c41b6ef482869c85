using Stopwatch = System.Diagnostics.Stopwatch;
using Crm.Infrastructure.Jobs;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Contacts.Domain;
using Crm.Modules.Invoicing.Documents;
using Crm.Modules.Invoicing.Domain;
using Crm.Modules.Invoicing.Features;
using Crm.Modules.Messaging.Domain;
using Crm.SharedKernel.Domain;
using Crm.SharedKernel.Jobs;
using Crm.SharedKernel.Localization;
using Crm.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>
/// Invoice PDFs per second with a warm browser against printing one fixed invoice's HTML with no database work; and the
/// payment reminder job over thousands of overdue invoices against an empty job run through the same jobs layer and store.
/// </summary>
public static class InvoicingScenario
{
    public static async Task RunAsync(BenchOptions options)
    {
        var pdfs = options.GetInt("pdfs", 60);
        var workers = options.GetInt("workers", 2);
        var overdue = options.GetInt("overdue", 10_000);
        await using var database = await BenchDatabase.CreateAsync(options);
        var url = $"http://127.0.0.1:{CustomersScenario.FreePort()}";
        var app = CustomersScenario.BuildApp(database.Provider, database.ConnectionString, database.DataFolder, url, new Dictionary<string, string> { ["Jobs:Enabled"] = "true" },
            JobsScenario.DeclareEmptyTask);
        try
        {
            await app.InitializeAsync(forceMigrate: true);
            await app.StartAsync();
            Console.WriteLine($"provider {database.Provider}: seeding {overdue:N0} overdue invoices and {overdue:N0} customers …");
            var seeding = Stopwatch.StartNew();
            await CustomersScenario.SeedContactsAsync(app.Services, overdue);
            var invoices = await SeedInvoicesAsync(app.Services, overdue);
            Console.WriteLine($"seeded in {seeding.Elapsed.TotalSeconds:0} s");
            await database.AnalyzeAsync();

            await PdfsAsync(app.Services, invoices.Take(50).ToList(), pdfs, workers);
            await RemindersAsync(app.Services, overdue);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Issued invoices of twelve lines each, due a week ago (the day of the first overdue reminder), one per customer.</summary>
    private static async Task<List<Guid>> SeedInvoicesAsync(IServiceProvider services, int count)
    {
        var ids = new List<Guid>();
        var today = services.GetRequiredService<IDisplayFormatter>().Today();
        const int batch = 2_000;
        for (var done = 0; done < count; done += batch)
        {
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<AuditOptions>().RecordChanges = false;
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var customers = await db.Set<Contact>().AsNoTracking().OrderBy(c => c.Id).Skip(done).Take(batch).Select(c => new { c.Id, c.FullName }).ToListAsync();
            foreach (var (customer, i) in customers.Select((c, n) => (c, done + n)))
            {
                var invoice = new Invoice { IssueDate = today.AddDays(-37), DueDate = today.AddDays(-7), Number = $"INV-B-{i:000000}", FiscalYear = 1405, IssuedAt = DateTime.UtcNow.AddDays(-37) };
                invoice.SetCustomer(new Crm.SharedKernel.Records.RecordRef(Crm.SharedKernel.Records.RecordTypes.Contact, customer.Id), customer.FullName);
                for (var line = 0; line < 12; line++)
                {
                    invoice.Lines.Add(new InvoiceLine
                    {
                        InvoiceId = invoice.Id, Position = line, Code = $"P-{line:000}", Description = $"کالای شمارهٔ {line + 1} با شرح نسبتاً بلند برای چاپ", Unit = "عدد",
                        Quantity = 1 + (line % 4), UnitPrice = 1_250_000 * (line + 1), DiscountPercent = line % 3 == 0 ? 5 : null, VatRate = 10,
                    });
                }

                invoice.Recompute();
                db.Add(invoice);
                ids.Add(invoice.Id);
            }

            await db.SaveChangesAsync();
        }

        return ids;
    }

    private static async Task PdfsAsync(IServiceProvider services, List<Guid> invoices, int count, int workers)
    {
        var renderer = services.GetRequiredService<Crm.SharedKernel.Documents.IPdfRenderer>();
        string html, footer;
        await using (var scope = services.CreateAsyncScope())
        {
            var documents = scope.ServiceProvider.GetRequiredService<DocumentHtml>();
            var invoice = (await scope.ServiceProvider.GetRequiredService<InvoiceService>().FindAsync(invoices[0], CancellationToken.None))!;
            var doc = documents.Invoice(invoice, null);
            (html, footer) = (await documents.RenderAsync(doc, invoice.Customer, true, CancellationToken.None), documents.Footer(doc));
        }

        var size = (await renderer.RenderAsync(html, footer, CancellationToken.None)).Length;
        async Task<byte[]> App(int i)
        {
            await using var scope = services.CreateAsyncScope();
            var documents = scope.ServiceProvider.GetRequiredService<DocumentHtml>();
            var invoice = (await scope.ServiceProvider.GetRequiredService<InvoiceService>().FindAsync(invoices[i % invoices.Count], CancellationToken.None))!;
            var doc = documents.Invoice(invoice, null);
            return await renderer.RenderAsync(await documents.RenderAsync(doc, invoice.Customer, true, CancellationToken.None), documents.Footer(doc), CancellationToken.None);
        }

        Task<byte[]> Fixed(int i) => renderer.RenderAsync(html, footer, CancellationToken.None);

        // Warm both paths, then alternate the measurements so neither gets the warmer machine.
        await Measure(Fixed, workers, workers * 2);
        await Measure(App, workers, workers * 2);
        double reference = 0, app = 0;
        for (var round = 0; round < 3; round++)
        {
            reference += await Measure(Fixed, workers, count / 3);
            app += await Measure(App, workers, count / 3);
        }

        Console.WriteLine();
        Console.WriteLine($"invoice PDFs, 12 lines, {workers} at a time, warm browser ({size / 1024} KB each)");
        Console.WriteLine($"{"fixed invoice HTML, no database",-48} {reference / 3,8:0.0} PDFs/s");
        Console.WriteLine($"{"app: load invoice, build HTML, print",-48} {app / 3,8:0.0} PDFs/s   {app / reference:0.00}x of fixed (goal >= 0.6x)");
    }

    /// <summary>Documents per second, <paramref name="workers"/> at a time.</summary>
    private static async Task<double> Measure(Func<int, Task<byte[]>> render, int workers, int count)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                (await render(i)).Length.ShouldBeGreaterThan(1000);
            }
        }));
        return count / clock.Elapsed.TotalSeconds;
    }

    private static void ShouldBeGreaterThan(this int value, int floor)
    {
        if (value <= floor)
        {
            throw new InvalidOperationException($"A PDF of {value} bytes is too small to be an invoice.");
        }
    }

    private static async Task RemindersAsync(IServiceProvider services, int overdue)
    {
        var trigger = services.GetRequiredService<IJobTrigger>();
        var empty = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var clock = Stopwatch.StartNew();
            await JobsScenario.EmptyTask.RunAsync(() => trigger.Enqueue<JobsScenario.EmptyTask, int>(1), 1);
            empty.Add(clock.Elapsed.TotalMilliseconds);
        }

        var started = DateTime.UtcNow;
        var run = Stopwatch.StartNew();
        await services.GetRequiredService<IJobTrigger>().TriggerAsync(PaymentRemindersJob.Key, CancellationToken.None);
        JobRun? finished = null;
        while (finished is null && run.Elapsed < TimeSpan.FromMinutes(30))
        {
            await Task.Delay(100);
            await using var scope = services.CreateAsyncScope();
            finished = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Set<JobRun>().AsNoTracking()
                .FirstOrDefaultAsync(r => r.JobKey == PaymentRemindersJob.Key && r.StartedAt >= started.AddSeconds(-1) && r.FinishedAt != null);
        }

        var elapsed = run.Elapsed.TotalSeconds;
        int sent, queued;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            sent = await db.Set<SentReminder>().CountAsync(r => r.Kind == ReminderKind.Overdue);
            queued = await db.Set<OutboxMessage>().CountAsync(m => m.TemplateKey == InvoicingTemplates.Overdue);
        }

        empty.Sort();
        Console.WriteLine();
        Console.WriteLine($"empty task through the jobs layer on the app's store: enqueue to finish p50 {empty[empty.Count / 2]:0} ms (10 runs)");
        Console.WriteLine($"payment reminders job: {overdue:N0} overdue invoices, {sent:N0} reminders ({queued:N0} messages queued) in {elapsed:0.0} s "
            + $"= {overdue / elapsed:0} invoices/s; job succeeded: {finished?.Succeeded}; the empty job's cost is {empty[empty.Count / 2] / 1000 / elapsed:P2} of it");
    }
}
