using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Crm.IntegrationTests;

/// <summary>
/// The project's SMTP server for tests (deploy/scripts/smtp-sink.py, Python's standard library), started on a free port;
/// <see cref="WithTlsAndSignIn"/> makes one that offers STARTTLS with a certificate made for it and requires a sign-in.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private readonly Process _process;

    public SmtpSink()
        : this([])
    {
    }

    private SmtpSink(IEnumerable<string> options)
    {
        Folder = Path.Combine(Path.GetTempPath(), "crm-smtp", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        var script = Path.Combine(RepositoryRoot(), "deploy", "scripts", "smtp-sink.py");
        _process = Process.Start(new ProcessStartInfo("python3", ["-u", script, "--folder", Folder, "--port", "0", .. options])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("python3 could not be started");
        var line = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the SMTP sink did not start");
        Port = int.Parse(line.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    public string Folder { get; }

    public int Port { get; }

    /// <summary>The SHA-256 fingerprint of the server's certificate, when it offers STARTTLS.</summary>
    public string? Fingerprint { get; private init; }

    /// <summary>A server that offers STARTTLS with a self-signed certificate for 127.0.0.1 and accepts mail only after AUTH as <paramref name="user"/>.</summary>
    public static SmtpSink WithTlsAndSignIn(string user, string password)
    {
        var folder = Path.Combine(Path.GetTempPath(), "crm-smtp-tls", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", key,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var names = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var (certificatePath, keyPath) = (Path.Combine(folder, "cert.pem"), Path.Combine(folder, "key.pem"));
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return new SmtpSink(["--tls-cert", certificatePath, "--tls-key", keyPath, "--user", user, "--password", password])
        {
            Fingerprint = certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256),
        };
    }

    /// <summary>How the session that delivered the message containing <paramref name="marker"/> was secured: "tls=yes|no" and "user=NAME".</summary>
    public string SessionOf(string marker) =>
        File.ReadAllText(Directory.GetFiles(Folder, "*.eml").Single(f => File.ReadAllText(f).Contains(marker, StringComparison.Ordinal))[..^".eml".Length] + ".session");

    /// <summary>The raw messages received so far whose text contains <paramref name="marker"/>.</summary>
    public IReadOnlyList<string> Received(string marker) =>
        Directory.GetFiles(Folder, "*.eml").Order().Select(File.ReadAllText).Where(m => m.Contains(marker, StringComparison.Ordinal)).ToList();

    public void Dispose()
    {
        _process.Kill();
        _process.Dispose();
    }

    internal static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Crm.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("Crm.sln not found");
        }

        return root.FullName;
    }
}

/// <summary>
/// A local stand-in for Kavenegar's v1 HTTP API, answering in its documented formats: <c>sms/send.json</c>
/// (form fields receptor, message, sender, localid; a repeated localid returns the first send instead of sending
/// again) and <c>sms/status.json?messageid=</c>. Some numbers misbehave on purpose: one is refused as invalid (411),
/// one makes the gateway fail once (502), one makes it hang longer than the client waits, once.
/// </summary>
public sealed class FakeKavenegar : IAsyncDisposable
{
    public const string ApiKey = "test-api-key";
    public const string InvalidNumber = "09120000411";
    public const string FailsOnceNumber = "09120000502";
    public const string HangsOnceNumber = "09120000999";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, long> _byLocalId = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private long _nextId = 80_000_000;

    public FakeKavenegar()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/v1/{key}/sms/send.json", Send);
        _app.MapGet("/v1/{key}/sms/status.json", Status);
        _app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = _app.Urls.Single() + "/v1/";
    }

    public string BaseUrl { get; }

    /// <summary>Every send request as received: receptor, message, localid.</summary>
    public ConcurrentQueue<(string Receptor, string Message, string LocalId)> Requests { get; } = new();

    /// <summary>Messages actually "sent" (a repeated localid is not sent again).</summary>
    public ConcurrentBag<string> Sent { get; } = [];

    private async Task<IResult> Send(string key, HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var (receptor, message, localId) = (form["receptor"].ToString(), form["message"].ToString(), form["localid"].ToString());
        Requests.Enqueue((receptor, message, localId));
        if (key != ApiKey)
        {
            return Answer(403, "کد شناسائی API-Key معتبر نمی‌باشد");
        }

        var call = _calls.AddOrUpdate(receptor, 1, (_, n) => n + 1);
        if (receptor == InvalidNumber)
        {
            return Answer(411, "دریافت کننده نامعتبر است");
        }

        if (receptor == FailsOnceNumber && call == 1)
        {
            return Answer(502, "عملیات ناموفق بود");
        }

        if (receptor == HangsOnceNumber && call == 1)
        {
            await Task.Delay(TimeSpan.FromSeconds(5), request.HttpContext.RequestAborted);
        }

        if (string.IsNullOrEmpty(message))
        {
            return Answer(413, "متن پیام خالی است");
        }

        var id = _byLocalId.GetOrAdd(localId, _ =>
        {
            Sent.Add(localId);
            return Interlocked.Increment(ref _nextId);
        });
        return Answer(200, "تایید شد", [new { messageid = id, message, status = 1, statustext = "در صف ارسال", sender = "10004346", receptor, date = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), cost = 120 }]);
    }

    private IResult Status(string key, string messageid) =>
        key != ApiKey
            ? Answer(403, "کد شناسائی API-Key معتبر نمی‌باشد")
            : Answer(200, "تایید شد", messageid.Split(',').Select(id => (object)new { messageid = long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), status = 10, statustext = "رسیده به گیرنده" }).ToArray());

    private static IResult Answer(int status, string message, object[]? entries = null) =>
        Results.Json(new { @return = new { status, message }, entries }, statusCode: status);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
