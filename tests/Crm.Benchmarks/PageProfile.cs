using System.Collections.Concurrent;
using System.Diagnostics;

namespace Crm.Benchmarks;

/// <summary>
/// Where a page's time goes, from the events ASP.NET Core MVC publishes on its DiagnosticListener: the action method,
/// each Razor page (views, partials, layout, including the time of what they render inside) and each view component.
/// </summary>
public sealed class PageProfile : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private readonly ConcurrentDictionary<string, (long Ticks, int Count)> _totals = new();
    private readonly ConcurrentDictionary<object, long> _started = new(ReferenceEqualityComparer.Instance);

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == "Microsoft.AspNetCore")
        {
            listener.Subscribe(this);
        }
    }

    public void OnNext(KeyValuePair<string, object?> e)
    {
        var (key, phase) = e.Key switch
        {
            "Microsoft.AspNetCore.Mvc.BeforeActionMethod" or "Microsoft.AspNetCore.Mvc.AfterActionMethod" => ("action " + Name(e.Value, "ActionDescriptor"), e.Key.Contains("Before")),
            "Microsoft.AspNetCore.Mvc.Razor.BeforeViewPage" or "Microsoft.AspNetCore.Mvc.Razor.AfterViewPage" => ("view " + Name(e.Value, "Page"), e.Key.Contains("Before")),
            "Microsoft.AspNetCore.Mvc.BeforeViewComponent" or "Microsoft.AspNetCore.Mvc.AfterViewComponent" => ("component " + Name(e.Value, "ViewComponentContext"), e.Key.Contains("Before")),
            _ => ((string?)null, false),
        };
        if (key is null || e.Value is null)
        {
            return;
        }

        var token = Token(e.Value) ?? e.Value;
        if (phase)
        {
            _started[token] = Stopwatch.GetTimestamp();
        }
        else if (_started.TryRemove(token, out var start))
        {
            var elapsed = Stopwatch.GetTimestamp() - start;
            _totals.AddOrUpdate(key, (elapsed, 1), (_, t) => (t.Ticks + elapsed, t.Count + 1));
        }
    }

    public void Print(int requests)
    {
        foreach (var (key, (ticks, count)) in _totals.OrderByDescending(t => t.Value.Ticks))
        {
            Console.WriteLine($"  {key,-90} {ticks * 1000.0 / Stopwatch.Frequency / requests,8:0.000} ms/request ({count / (double)requests:0.#}x)");
        }
    }

    private static object? Token(object payload) => payload.GetType().GetProperty("ViewContext")?.GetValue(payload) is { } viewContext
        ? (object?)payload.GetType().GetProperty("Page")?.GetValue(payload) ?? payload.GetType().GetProperty("ViewComponentContext")?.GetValue(payload) ?? viewContext
        : payload.GetType().GetProperty("ActionDescriptor")?.GetValue(payload) is { } action ? (action, payload.GetType().GetProperty("ActionContext")?.GetValue(payload)) : null;

    private static string Name(object? payload, string property)
    {
        var value = payload?.GetType().GetProperty(property)?.GetValue(payload);
        return value switch
        {
            Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor a => a.DisplayName ?? "",
            Microsoft.AspNetCore.Mvc.Razor.IRazorPage p => p.Path,
            Microsoft.AspNetCore.Mvc.ViewComponents.ViewComponentContext c => c.ViewComponentDescriptor.ShortName,
            _ => value?.ToString() ?? "",
        };
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }
}
