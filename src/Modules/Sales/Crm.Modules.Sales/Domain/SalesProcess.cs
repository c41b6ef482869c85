using System.Globalization;
using Crm.SharedKernel.Domain;

namespace Crm.Modules.Sales.Domain;

/// <summary>
/// A way of selling designed by an administrator (per customer type or product line): an ordered list of open stages,
/// then the terminal stages Won and Lost.
/// </summary>
public sealed class SalesProcess : AggregateRoot
{
    public string Name { get; set; } = "";

    public string? EnglishName { get; set; }

    /// <summary>The process new opportunities get when none is chosen.</summary>
    public bool IsDefault { get; set; }

    /// <summary>A deal of this process is marked won by itself when the invoice made from its quote is paid in full.</summary>
    public bool WinOnInvoicePaid { get; set; }

    public List<Stage> Stages { get; } = [];

    public string DisplayName => Names.Pick(Name, EnglishName);

    public IEnumerable<Stage> OpenStages => Stages.Where(s => s.Kind == StageKind.Open && s.IsActive).OrderBy(s => s.Position);

    public Stage Won => Stages.Single(s => s.Kind == StageKind.Won);

    public Stage Lost => Stages.Single(s => s.Kind == StageKind.Lost);

    /// <summary>The stages in board order: the open ones by position, then Won, then Lost.</summary>
    public IReadOnlyList<Stage> BoardStages => [.. OpenStages, Won, Lost];

    /// <summary>A new process with the given open stages and its Won and Lost stages.</summary>
    public static SalesProcess Create(string name, string? englishName, IEnumerable<(string Name, string English, int Probability)> stages)
    {
        var process = new SalesProcess { Name = name, EnglishName = englishName };
        var position = 0;
        foreach (var (stageName, english, probability) in stages)
        {
            process.Stages.Add(new Stage { Name = stageName, EnglishName = english, Position = ++position, Probability = probability, Progress = probability, Kind = StageKind.Open });
        }

        process.Stages.Add(new Stage { Name = "برنده", EnglishName = "Won", Position = 1000, Probability = 100, Progress = 100, Kind = StageKind.Won });
        process.Stages.Add(new Stage { Name = "از دست رفته", EnglishName = "Lost", Position = 1001, Probability = 0, Progress = 100, Kind = StageKind.Lost });
        return process;
    }
}

public enum StageKind
{
    Open = 0,
    Won = 1,
    Lost = 2,
}

/// <summary>One step of a process. A stage that was used is never removed, only switched off, so history keeps its name.</summary>
public sealed class Stage : Entity
{
    public Guid ProcessId { get; set; }

    public int Position { get; set; }

    public string Name { get; set; } = "";

    public string? EnglishName { get; set; }

    public StageKind Kind { get; set; }

    /// <summary>How far along the process a deal in this stage is, 0–100.</summary>
    public int Progress { get; set; }

    /// <summary>The probability a deal gets when it enters this stage, 0–100.</summary>
    public int Probability { get; set; }

    public bool IsActive { get; set; } = true;

    public List<ChecklistItem> Checklist { get; } = [];

    public string DisplayName => Names.Pick(Name, EnglishName);
}

/// <summary>Something to do in a stage; leaving the stage with a required item unticked asks for confirmation.</summary>
public sealed class ChecklistItem : Entity
{
    public Guid StageId { get; set; }

    public int Position { get; set; }

    public string Text { get; set; } = "";

    public bool Required { get; set; }
}

/// <summary>Names administrators give in Persian and, optionally, English: shown in the reader's language.</summary>
public static class Names
{
    public static string Pick(string persian, string? english) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fa" || string.IsNullOrWhiteSpace(english) ? persian : english;
}
