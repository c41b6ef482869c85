using BenchmarkDotNet.Running;
using Crm.Benchmarks;

// dotnet run -c Release --project tests/Crm.Benchmarks -- <command>
//   seed  --data DIR [--users N] [--audit N]        fill a SQLite database in DIR (the app's data folder)
//   http  [--users N] [--audit N] [--requests N] [--concurrency N]
//                                                   seed, start the app on loopback, compare pages to the floor page
//   customers [--provider Sqlite|PostgreSql] [--contacts N] [--leads N] [--queries N] [--requests N] [--pg CONNECTION]
//                                                   contacts list/search at scale vs raw SQL and the floor page; lead import vs raw insert
//   activities [--provider Sqlite|PostgreSql] [--contacts N] [--activities N] [--reminders N]
//                                                   record timelines at scale vs raw SQL; record page, my day, calendar, tag page vs the floor page; reminders
//   pipeline [--provider Sqlite|PostgreSql] [--open N] [--closed N] [--moves N]
//                                                   sales board with N open deals: page, column cards, whole board vs the floor page; card move latency
//   invoicing [--provider Sqlite|PostgreSql] [--overdue N] [--pdfs N] [--workers N]
//                                                   invoice PDFs/s vs a fixed invoice's HTML; the reminder job over N overdue invoices vs an empty job
//   reports [--provider Sqlite|PostgreSql] [--deals N] [--iterations N]
//                                                   funnel and pipeline reports over N deals (5 stage entries each) vs the same aggregates as raw SQL
//   load [--provider Sqlite|PostgreSql] [--contacts N] [--leads N] [--sessions N] [--seconds N]
//                                                   N signed-in sessions for a fixed time over the lists, board and pipeline report: req/s, p50/p95/p99, errors
//   jobs [--provider Sqlite|PostgreSql] [--jobs N]  N empty jobs through the platform's jobs layer vs Hangfire's own enqueue-and-run, same store
//   messaging [--emails N]                          drain N queued emails to the project's SMTP server vs a raw SmtpClient loop
//   workflow [--provider Sqlite|PostgreSql] [--leads N] [--runs N] [--saves N]
//                                                   lead saves with 50 non-matching workflows vs none; N three-step runs vs the actions done directly; N waits woken at once
//   tickets [--provider Sqlite|PostgreSql] [--tickets N] [--due-percent P] [--sweep no]
//                                                   the tickets list's first, deepest and soonest-due pages vs raw SQL; the SLA sweep over N open tickets
//   portal [--provider Sqlite|PostgreSql] [--contacts N] [--invoices N] [--tickets N] [--requests N] [--queued N] [--sign-ins N]
//                                                   a customer's portal invoice and ticket lists vs the floor page; sign-in code round trip with N marketing SMS queued
//   campaigns [--provider Sqlite|PostgreSql] [--contacts N]
//                                                   an SMS campaign to N contacts queued by the send job vs a raw batched insert of the same rows
//   micro [BenchmarkDotNet arguments]               micro-benchmarks
var command = args.FirstOrDefault() ?? "http";
var options = BenchOptions.Parse(args.Skip(1).ToArray());
switch (command)
{
    case "seed":
        await Seeder.SeedAsync(options.Get("data", Path.Combine(Path.GetTempPath(), "crm-bench")), options.GetInt("users", 1_000), options.GetInt("audit", 100_000));
        break;
    case "http":
        await HttpScenario.RunAsync(options);
        break;
    case "customers":
        await CustomersScenario.RunAsync(options);
        break;
    case "activities":
        await ActivitiesScenario.RunAsync(options);
        break;
    case "pipeline":
        await PipelineScenario.RunAsync(options);
        break;
    case "invoicing":
        await InvoicingScenario.RunAsync(options);
        break;
    case "reports":
        await ReportsScenario.RunAsync(options);
        break;
    case "load":
        await LoadScenario.RunAsync(options);
        break;
    case "jobs":
        await JobsScenario.RunAsync(options);
        break;
    case "messaging":
        await MessagingScenario.RunAsync(options);
        break;
    case "workflow":
        await WorkflowScenario.RunAsync(options);
        break;
    case "forms":
        await FormsScenario.RunAsync(options);
        break;
    case "tickets":
        await TicketsScenario.RunAsync(options);
        break;
    case "portal":
        await PortalScenario.RunAsync(options);
        break;
    case "campaigns":
        await CampaignsScenario.RunAsync(options);
        break;
    case "micro":
        BenchmarkSwitcher.FromAssembly(typeof(FormattingBenchmarks).Assembly).Run(args.Skip(1).ToArray());
        break;
    default:
        Console.Error.WriteLine("usage: seed | http | customers | activities | pipeline | invoicing | reports | load | jobs | messaging | workflow | forms | tickets | portal | campaigns | micro");
        return 2;
}

return 0;
