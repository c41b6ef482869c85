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

    /// <summary>A new user of a role in a team, signed in on the fixture's host (the one with its movable clock).</summary>
    public static async Task<(HttpClient Client, Guid Id)> SignedInWithIdAsync(this WorkflowAppFixture fixture, string role, Guid team)
    {
        var name = Unique("u");
        var user = await fixture.Base.CreateUserAsync(name, role, Password, team);
        var client = fixture.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await client.SignInOk(name, Password);
        return (client, user.Id);
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

    /// <summary>Uploads a file to the import wizard; returns the mapping page's address and HTML.</summary>
    public static async Task<(string MapUrl, string Html)> UploadAsync(HttpClient client, string target, string fileName, byte[] content)
    {
        var token = await client.TokenFrom("/Imports/New?target=" + target);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(target), "target" },
            { new ByteArrayContent(content), "file", fileName },
        };
        var upload = await client.PostAsync("/Imports/Upload", form);
        upload.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var mapUrl = upload.Headers.Location!.ToString();
        return (mapUrl, await client.GetStringAsync(mapUrl));
    }

    /// <summary>Posts the column mapping and waits for the background job; returns the final status with the import's id.</summary>
    public static async Task<System.Text.Json.JsonElement> RunImportAsync(
        HttpClient client, string mapUrl, string[] mapping, string duplicates, (string Field, string Text, string Choice)[]? values = null)
    {
        var id = mapUrl.Split('/').Last();
        var valueFields = (values ?? []).SelectMany((v, i) => new[] { ($"valueField[{i}]", v.Field), ($"valueText[{i}]", v.Text), ($"valueChoice[{i}]", v.Choice) });
        var start = await client.PostForm(mapUrl, mapUrl, [.. mapping.Select((f, i) => ($"mapping[{i}]", f)), ("duplicates", duplicates), .. valueFields]);
        start.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        start.Headers.Location!.ToString().ShouldBe($"/Imports/Progress/{id}");

        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var status = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"/Imports/Status/{id}")).RootElement;
            if (status.GetProperty("done").GetBoolean())
            {
                status.GetProperty("status").GetString().ShouldBe("Completed");
                using var withId = System.Text.Json.JsonDocument.Parse(status.GetRawText().TrimEnd('}') + $",\"id\":\"{id}\"}}");
                return withId.RootElement.Clone();
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "the import did not finish");
            await Task.Delay(250);
        }
    }
}
