using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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

    /// <summary>A server that refuses every recipient at <paramref name="domain"/> for good (550 5.1.1), as for a mailbox that does not exist.</summary>
    public static SmtpSink Refusing(string domain) => new(["--refuse-domain", domain]);

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
/// A local stand-in for Kavenegar's v1 HTTP API: <c>sms/send.json</c> (form fields receptor, message, sender, localid;
/// a repeated localid returns the first send instead of sending again), <c>sms/status.json?messageid=</c> and
/// <c>sms/receive.json?linenumber=&amp;isread=0</c> (the texts <see cref="Reply"/> queued, each answered once). It
/// answers with the response bodies kept in Fixtures/kavenegar, in the formats Kavenegar documents. Some numbers
/// misbehave on purpose: one is refused as invalid (411), one finds the account out of credit (418), one meets the
/// gateway's proxy failing once (an HTML 502), one makes the gateway hang longer than the client waits, once.
/// </summary>
public sealed class FakeKavenegar : IAsyncDisposable
{
    public const string ApiKey = "test-api-key";
    public const string InvalidNumber = "09120000411";
    public const string NoCreditNumber = "09120000418";
    public const string FailsOnceNumber = "09120000502";
    public const string HangsOnceNumber = "09120000999";

    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "kavenegar");

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
        _app.MapGet("/v1/{key}/sms/receive.json", Receive);
        _app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = _app.Urls.Single() + "/v1/";
    }

    public string BaseUrl { get; }

    /// <summary>Every send request as received: receptor, message, localid.</summary>
    public ConcurrentQueue<(string Receptor, string Message, string LocalId)> Requests { get; } = new();

    /// <summary>Messages actually "sent" (a repeated localid is not sent again).</summary>
    public ConcurrentBag<string> Sent { get; } = [];

    /// <summary>Kavenegar's message id given to each local id sent.</summary>
    public IReadOnlyDictionary<string, long> SentIds => _byLocalId;

    private async Task<IResult> Send(string key, HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var (receptor, message, localId) = (form["receptor"].ToString(), form["message"].ToString(), form["localid"].ToString());
        Requests.Enqueue((receptor, message, localId));
        if (key != ApiKey)
        {
            return Fixture("send-403.json", 403);
        }

        var call = _calls.AddOrUpdate(receptor, 1, (_, n) => n + 1);
        switch (receptor)
        {
            case InvalidNumber:
                return Fixture("send-411.json", 411);
            case NoCreditNumber:
                return Fixture("send-418.json", 418);
            case FailsOnceNumber when call == 1:
                return Fixture("send-502.html", 502, contentType: "text/html");
            case HangsOnceNumber when call == 1:
                await Task.Delay(TimeSpan.FromSeconds(5), request.HttpContext.RequestAborted);
                break;
        }

        var id = _byLocalId.GetOrAdd(localId, _ =>
        {
            Sent.Add(localId);
            return Interlocked.Increment(ref _nextId);
        });
        return Fixture("send-200.json", 200, ("messageid", id), ("message", message), ("receptor", receptor), ("date", DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    }

    /// <summary>A text someone sends back to <paramref name="line"/>; the next receive call of that line answers it, once.</summary>
    public void Reply(string from, string text, string line) => _inbox.Enqueue((Interlocked.Increment(ref _nextId), from, text, line));

    private readonly ConcurrentQueue<(long Id, string From, string Text, string Line)> _inbox = new();

    private readonly ConcurrentQueue<(long Id, string From, string Text, string Line)> _read = new();

    /// <summary>
    /// The line's unread texts, marked read as they are answered (as Kavenegar does with isread=0); with isread=1, the
    /// latest hundred of the line's texts read already.
    /// </summary>
    private IResult Receive(string key, string linenumber, int isread)
    {
        if (key != ApiKey)
        {
            return Fixture("send-403.json", 403);
        }

        var unread = new List<(long Id, string From, string Text, string Line)>();
        if (isread == 1)
        {
            unread.AddRange(_read.Where(t => t.Line == linenumber).TakeLast(100));
        }
        else
        {
            var others = new List<(long Id, string From, string Text, string Line)>();
            while (_inbox.TryDequeue(out var text))
            {
                (text.Line == linenumber && unread.Count < 100 ? unread : others).Add(text);
            }

            foreach (var text in others)
            {
                _inbox.Enqueue(text);
            }

            unread.ForEach(_read.Enqueue);
        }

        var answer = JsonNode.Parse(Render("receive-200.json", ("messageid", 0), ("message", ""), ("sender", ""), ("receptor", ""), ("date", 0)))!;
        answer["entries"] = new JsonArray([.. unread.Select(t => JsonNode.Parse(Render("receive-200.json", ("messageid", t.Id), ("message", t.Text), ("sender", t.From),
            ("receptor", t.Line), ("date", DateTimeOffset.UtcNow.ToUnixTimeSeconds())))!["entries"]![0]!.DeepClone())]);
        return Results.Content(answer.ToJsonString(), "application/json", Encoding.UTF8, 200);
    }

    /// <summary>The recorded status answer, its one entry repeated for each id asked about.</summary>
    private IResult Status(string key, string messageid)
    {
        if (key != ApiKey)
        {
            return Fixture("send-403.json", 403);
        }

        var answer = JsonNode.Parse(Render("status-200.json", ("messageid", 0)))!;
        answer["entries"] = new JsonArray([.. messageid.Split(',').Select(id =>
            JsonNode.Parse(Render("status-200.json", ("messageid", long.Parse(id, System.Globalization.CultureInfo.InvariantCulture))))!["entries"]![0]!.DeepClone())]);
        return Results.Content(answer.ToJsonString(), "application/json", Encoding.UTF8, 200);
    }

    private static IResult Fixture(string name, int status, params (string Name, object Value)[] values) => Fixture(name, status, "application/json", values);

    private static IResult Fixture(string name, int status, string contentType, params (string Name, object Value)[] values) =>
        Results.Content(Render(name, values), contentType, Encoding.UTF8, status);

    /// <summary>A fixture with each <c>{{name}}</c> replaced by its value, JSON-encoded.</summary>
    private static string Render(string name, params (string Name, object Value)[] values) =>
        values.Aggregate(File.ReadAllText(Path.Combine(Fixtures, name)),
            (text, value) => text.Replace("{{" + value.Name + "}}", JsonSerializer.Serialize(value.Value, JsonOptions), StringComparison.Ordinal));

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
