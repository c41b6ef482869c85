using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Crm.IntegrationTests;

/// <summary>
/// A real IMAP server for tests: Debian's Dovecot, started by deploy/scripts/start-test-imap.sh on a free loopback port
/// with one mailbox user; messages are put in its inbox over IMAP (APPEND), as a mail server's delivery would.
/// </summary>
public sealed class ImapServer : IDisposable
{
    private readonly string _folder;

    public ImapServer()
    {
        _folder = Path.Combine(Path.GetTempPath(), "crm-imap-" + Guid.NewGuid().ToString("N")[..12]);
        Port = FreePort();
        var script = Path.Combine(SmtpSink.RepositoryRoot(), "deploy", "scripts", "start-test-imap.sh");
        using var start = Process.Start(new ProcessStartInfo("bash", [script, _folder, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), User, Password])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("bash could not be started");
        var output = start.StandardOutput.ReadToEnd() + start.StandardError.ReadToEnd();
        start.WaitForExit();
        if (start.ExitCode != 0)
        {
            throw new InvalidOperationException("The IMAP server did not start: " + output);
        }
    }

    public const string User = "support@crm.test";

    public const string Password = "imap-test-pass";

    public int Port { get; }

    public async Task<uint> AppendAsync(MimeMessage message)
    {
        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(User, Password);
        var uid = await client.Inbox.AppendAsync(new MailKit.AppendRequest(message));
        await client.DisconnectAsync(true);
        return uid?.Id ?? 0;
    }

    public void Dispose()
    {
        using var stop = Process.Start(new ProcessStartInfo("doveadm", ["-c", Path.Combine(_folder, "dovecot.conf"), "stop"]) { RedirectStandardError = true });
        stop?.WaitForExit();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
