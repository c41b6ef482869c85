using Crm.Modules.Forms.Contracts;
using Crm.Modules.Forms.Domain;
using Crm.Modules.Forms.Features;
using Crm.Modules.Identity.Contracts;
using Crm.SharedKernel.Localization;
using Crm.SharedKernel.Messaging;
using Crm.SharedKernel.Security;
using Crm.SharedKernel.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Crm.Modules.Forms.Web;

/// <summary>A point on the map: where a submission was sent from, what it is and where its page is.</summary>
public sealed record MapPoint(Guid Id, double Lat, double Lng, double Accuracy, string Title, string At, string Url);

/// <summary>A city drawn on the plain grid when no tile server is set, so people still see where the points are.</summary>
public sealed record MapCity(string Name, double Lat, double Lng);

public sealed record MapModel(SubmissionFilter Filter, IReadOnlyList<(Guid Id, string Name)> Forms, IReadOnlyList<UserSummary> Users, IReadOnlyList<MapPoint> Points,
    bool Capped, string? TileUrl, string? TileAttribution, IReadOnlyList<MapCity> Cities);

/// <summary>
/// The map report: the located submissions the user may see, by form, member of staff and period, drawn with Leaflet on
/// the configured tile server (<c>Forms:Map:TileUrl</c>; tiles come from outside), or on a plain grid with city names when none is set.
/// </summary>
[Area(FormsModule.ModuleName)]
[HasPermission(FormsPermissions.ViewSubmissions)]
public sealed class MapController(DbContext db, SubmissionList list, IMediator mediator, IDisplayFormatter fmt, IConfiguration configuration) : Controller
{
    public const int MaxPoints = 5000;

    [HttpGet]
    public async Task<IActionResult> Index([FromQuery] SubmissionFilter filter, CancellationToken cancellationToken)
    {
        filter.Located = true;
        var forms = (await db.Set<Form>().AsNoTracking().OrderBy(f => f.Name).Take(500).Select(f => new { f.Id, f.Name }).ToListAsync(cancellationToken))
            .Select(f => (f.Id, f.Name)).ToList();
        var names = forms.ToDictionary(f => f.Id, f => f.Name);
        var rows = await list.Query(filter, []).OrderByDescending(s => s.Id).Take(MaxPoints + 1)
            .Select(s => new { s.Id, s.FormId, s.Latitude, s.Longitude, s.Accuracy, s.ContactName, s.CreatedAt }).ToListAsync(cancellationToken);
        var points = rows.Take(MaxPoints).Select(s => new MapPoint(s.Id, s.Latitude!.Value, s.Longitude!.Value, s.Accuracy ?? 0,
            names.GetValueOrDefault(s.FormId, "") + (s.ContactName is null ? "" : fmt.Separator + s.ContactName), fmt.DateTime(s.CreatedAt), FormLinks.Submission(s.Id))).ToList();
        var tiles = configuration["Forms:Map:TileUrl"];
        if (!string.IsNullOrWhiteSpace(tiles))
        {
            PagePolicy.AllowImagesFrom(Response, tiles);
        }

        var users = await mediator.Send(new ListUsers(), cancellationToken);
        return View(new MapModel(filter, forms, users, points, rows.Count > MaxPoints, string.IsNullOrWhiteSpace(tiles) ? null : tiles, configuration["Forms:Map:Attribution"],
            MapCities.All.Select(c => new MapCity(fmt.IsPersian ? c.Fa : c.En, c.Lat, c.Lng)).ToList()));
    }
}

/// <summary>Iran's larger cities, for the plain grid.</summary>
public static class MapCities
{
    public static readonly (string Fa, string En, double Lat, double Lng)[] All =
    [
        ("تهران", "Tehran", 35.6892, 51.3890), ("مشهد", "Mashhad", 36.2605, 59.6168), ("اصفهان", "Isfahan", 32.6546, 51.6680), ("کرج", "Karaj", 35.8400, 50.9391),
        ("شیراز", "Shiraz", 29.5918, 52.5837), ("تبریز", "Tabriz", 38.0800, 46.2919), ("قم", "Qom", 34.6399, 50.8759), ("اهواز", "Ahvaz", 31.3183, 48.6706),
        ("کرمانشاه", "Kermanshah", 34.3142, 47.0650), ("ارومیه", "Urmia", 37.5527, 45.0761), ("رشت", "Rasht", 37.2808, 49.5832), ("زاهدان", "Zahedan", 29.4963, 60.8629),
        ("همدان", "Hamadan", 34.7983, 48.5148), ("کرمان", "Kerman", 30.2839, 57.0834), ("یزد", "Yazd", 31.8974, 54.3569), ("اردبیل", "Ardabil", 38.2498, 48.2933),
        ("بندرعباس", "Bandar Abbas", 27.1832, 56.2666), ("اراک", "Arak", 34.0954, 49.7013), ("زنجان", "Zanjan", 36.6736, 48.4787), ("سنندج", "Sanandaj", 35.3219, 46.9862),
        ("قزوین", "Qazvin", 36.2797, 50.0049), ("خرم‌آباد", "Khorramabad", 33.4878, 48.3558), ("گرگان", "Gorgan", 36.8456, 54.4393), ("ساری", "Sari", 36.5633, 53.0601),
        ("بوشهر", "Bushehr", 28.9234, 50.8203), ("بیرجند", "Birjand", 32.8663, 59.2211), ("ایلام", "Ilam", 33.6374, 46.4227), ("یاسوج", "Yasuj", 30.6682, 51.5880),
        ("شهرکرد", "Shahrekord", 32.3256, 50.8644), ("سمنان", "Semnan", 35.5729, 53.3971), ("بجنورد", "Bojnurd", 37.4747, 57.3290),
    ];
}
