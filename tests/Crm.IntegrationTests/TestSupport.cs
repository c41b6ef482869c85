using System.Net;
using Crm.Infrastructure.Persistence;
using Crm.Modules.Identity.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.IntegrationTests;

/// <summary>Teams, signed-in users of a role, unique names and numbers, and reading responses: what the record tests share.</summary>
public static class TestSupport
{
    public const string Password = "Secret-pass-42";

    public static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A random Iranian mobile number so tests sharing a database never collide.</summary>
    public static string Mobile() => "0912" + Random.Shared.Next(1000000, 9999999);

    public static async Task<Guid> NewTeamAsync(this CrmAppFactory app)
    {
        var team = new Team { Name = Unique("team") };
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        db.Add(team);
        await db.SaveChangesAsync();
        return team.Id;
    }

    public static async Task<HttpClient> SignedInAsync(this CrmAppFactory app, string role, Guid? teamId)
    {
        var name = Unique(role.ToLowerInvariant());
        await app.CreateUserAsync(name, role, Password, teamId);
        var client = app.Browser();
        await client.SignInOk(name, Password);
        return client;
    }

    /// <summary>The id at the end of the redirect after a save.</summary>
    public static Guid IdFrom(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return Guid.Parse(response.Headers.Location!.ToString().Split('/').Last());
    }

    /// <summary>The first sheet's XML of an .xlsx response (strings are written inline, so the text is searchable).</summary>
    public static async Task<string> XlsxText(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var zip = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync());
        using var reader = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        return await reader.ReadToEndAsync();
    }
}
