using System.Net;
using System.Text.RegularExpressions;

namespace Crm.IntegrationTests;

/// <summary>Drives the app's HTML forms the way a browser does: fetch the page, keep its anti-forgery token, post.</summary>
public static partial class HttpForms
{
    /// <summary>A page's anti-forgery token, as the form helpers send it back.</summary>
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    public static partial Regex SessionToken();

    public static async Task<string> TokenFrom(this HttpClient client, string pageUrl)
    {
        var html = await client.GetStringAsync(pageUrl);
        var match = SessionToken().Match(html);
        match.Success.ShouldBeTrue($"no anti-forgery token on {pageUrl}");
        return match.Groups[1].Value;
    }

    public static async Task<HttpResponseMessage> PostForm(this HttpClient client, string pageUrl, string actionUrl, params (string Name, string Value)[] fields)
    {
        var token = await client.TokenFrom(pageUrl);
        var content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))
            .Append(KeyValuePair.Create("__RequestVerificationToken", token)));
        return await client.PostAsync(actionUrl, content);
    }

    public static Task<HttpResponseMessage> SignIn(this HttpClient client, string userName, string password) =>
        client.PostForm("/Identity/Account/SignIn", "/Identity/Account/SignIn", ("UserName", userName), ("Password", password));

    public static async Task SignInOk(this HttpClient client, string userName, string password)
    {
        var response = await client.SignIn(userName, password);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
    }
}
