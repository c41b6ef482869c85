namespace Crm.Modules.Reports.Features;

/// <summary>
/// A report as every page, dashboard card and export reads it: headline figures, charts and tables. One view renders any
/// report, and the .xlsx and PDF exports write the same tables, so what is downloaded is what was looked at.
/// </summary>
public sealed class Report(string key, string title, ReportPeriod period)
{
    public string Key { get; } = key;

    public string Title { get; } = title;

    public ReportPeriod Period { get; } = period;

    public List<Kpi> Kpis { get; } = [];

    public List<Chart> Charts { get; } = [];

    public List<ReportTable> Tables { get; } = [];

    /// <summary>A sentence under the title saying how the figures are counted.</summary>
    public string? Explanation { get; init; }
}

/// <summary>A headline figure.</summary>
public sealed record Kpi(string Label, string Value, string? Note = null);

/// <summary>
/// A chart drawn by Chart.js: <c>bar</c>, <c>line</c>, <c>doughnut</c> or <c>funnel</c> (horizontal bars). A bar may
/// lead to the records behind it (<see cref="Links"/>, one per label).
/// </summary>
public sealed record Chart(string Id, string Kind, string Title, IReadOnlyList<string> Labels, IReadOnlyList<ChartSeries> Series)
{
    public IReadOnlyList<string?>? Links { get; init; }

    /// <summary>Figures are money in the display unit (for the axis and tooltips).</summary>
    public bool Money { get; init; }
}

/// <param name="Axis">"y" or, for a second scale on the other side (a percentage), "y2".</param>
public sealed record ChartSeries(string Label, IReadOnlyList<decimal> Values, string? Kind = null, string Axis = "y");

public sealed record ReportTable(string Title, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<ReportRow> Rows)
{
    /// <summary>Shown when there are no rows.</summary>
    public string? Empty { get; init; }

    /// <summary>A form under the table (the RFM segment's "tag these customers"), rendered by the view by its name.</summary>
    public string? Action { get; init; }
}

public sealed record ReportColumn(string Header, bool Numeric = false);

/// <summary>A row; <see cref="Total"/> rows are set in bold.</summary>
public sealed record ReportRow(IReadOnlyList<ReportCell> Cells, bool Total = false);

/// <summary>What a cell shows, the value the spreadsheet gets (a number stays a number), and where clicking it leads.</summary>
public sealed record ReportCell(string Text, object? Value = null, string? Link = null)
{
    public static implicit operator ReportCell(string text) => new(text, text);
}
