using Crm.SharedKernel.Lists;
using Crm.SharedKernel.Security;

namespace Crm.IntegrationTests;

/// <summary>What the tests of a list's hand-written statement share: walking every page of a filter, and viewers made up for it.</summary>
public static class ListWalks
{
    /// <summary>Every page of a filter, forward from the first and back from the last: rows, neighbours and cursors, one line each.</summary>
    public static async Task<List<string>> WalkAsync<TFilter, TRow>(Func<TFilter> filter, Func<TFilter, Task<KeysetPage<TRow>>> page, Func<TRow, string>? describe = null)
        where TFilter : ListFilter
    {
        var lines = new List<string>();
        foreach (var backwards in new[] { false, true })
        {
            var request = filter();
            request.Last = backwards;
            for (var pages = 0; pages < 500; pages++)
            {
                var found = await page(request);
                lines.Add($"page {found.HasPrevious} {found.HasNext} {found.FirstCursor} {found.LastCursor}");
                lines.AddRange(found.Rows.Select(r => "row " + (describe is null ? r!.ToString() : describe(r))));
                if (!(backwards ? found.HasPrevious : found.HasNext))
                {
                    break;
                }

                request = filter();
                if (backwards)
                {
                    request.Before = found.FirstCursor;
                }
                else
                {
                    request.After = found.LastCursor;
                }
            }
        }

        return lines;
    }
}

/// <summary>A viewer for reading records directly: no sign-in, only the identity the visibility rule looks at.</summary>
public sealed record Viewer(Guid? UserId, Guid? TeamId, bool SeesAll) : ICurrentUser
{
    public string? UserName => null;

    public bool HasPermission(string permission) => SeesAll && permission == PlatformPermissions.ViewAllRecords;
}
