using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Crm.Infrastructure.Localization;
using Crm.SharedKernel.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Benchmarks;

/// <summary>Every list cell with a date goes through these: they must stay cheap.</summary>
[MemoryDiagnoser]
[InProcess] // the generated out-of-process project cannot restore the ASP.NET packages from this feed
public class FormattingBenchmarks
{
    private readonly DisplayFormatter _formatter = new(Options.Create(new LocalizationOptions()), new Crm.SharedKernel.Time.SystemClock());
    private readonly DateTime _utc = new(2026, 11, 22, 10, 30, 0, DateTimeKind.Utc);

    [GlobalSetup]
    public void Setup() => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("fa-IR");

    [Benchmark]
    public string JalaliFormat() => JalaliDate.Format(DateOnly.FromDateTime(_utc));

    [Benchmark]
    public string PersianDateTimeCell() => _formatter.DateTime(_utc);

    [Benchmark]
    public bool ParseJalaliInput() => JalaliDate.TryParse("۱۴۰۵/۰۹/۰۱", out _);
}
