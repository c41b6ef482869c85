using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Crm.IntegrationTests;

/// <summary>
/// Several real app processes (the built Crm.Web.dll) on one fresh PostgreSQL database, each with a data folder of
/// its own, optionally behind a real nginx on loopback that balances them round robin with no sticky sessions, using
/// the project's own proxy settings (deploy/nginx/crm-proxy.conf). Shared by the integration and browser suites.
/// </summary>
public sealed class AppCluster : IAsyncDisposable
{
    public const string AdminPassword = "cluster-Admin-5k";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "crm-cluster", Guid.NewGuid().ToString("N"));
    private readonly List<AppInstance> _instances = [];
    private readonly IReadOnlyDictionary<string, string> _settings;
    private Process? _nginx;

    private AppCluster(string connectionString, IReadOnlyDictionary<string, string> settings)
    {
        ConnectionString = connectionString;
        _settings = settings;
    }

    public string ConnectionString { get; }

    /// <summary>The proxy's address when there is one, else the first instance's.</summary>
    public string Url { get; private set; } = "";

    public IReadOnlyList<AppInstance> Instances => _instances;

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Crm.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Crm.sln not found above the test folder.");
        }
    }

    /// <summary>Starts <paramref name="instances"/> app processes on a new database of the server in CRM_TEST_POSTGRES, then nginx in front when asked.</summary>
    public static async Task<AppCluster> StartAsync(int instances, bool proxy, IReadOnlyDictionary<string, string>? settings = null)
    {
        var server = Environment.GetEnvironmentVariable("CRM_TEST_POSTGRES") ?? throw new InvalidOperationException("CRM_TEST_POSTGRES is not set.");
        var database = "crm_cluster_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var cluster = new AppCluster(new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString, settings ?? new Dictionary<string, string>());
        var ports = Enumerable.Range(0, instances).Select(_ => FreePort()).ToList();
        var proxyPort = proxy ? FreePort() : 0;
        cluster.Url = proxy ? $"http://127.0.0.1:{proxyPort}" : $"http://127.0.0.1:{ports[0]}";
        // One after the other: the first migrates the new database and makes the administrator.
        for (var i = 0; i < instances; i++)
        {
            var instance = new AppInstance(cluster, $"app{i + 1}", ports[i]);
            cluster._instances.Add(instance);
            await instance.StartAsync();
        }

        if (proxy)
        {
            await cluster.StartProxyAsync(proxyPort);
        }

        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }

        foreach (var instance in _instances)
        {
            instance.Kill();
        }

        NpgsqlConnection.ClearAllPools();
        var server = Environment.GetEnvironmentVariable("CRM_TEST_POSTGRES")!;
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(ConnectionString).Database} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // a log still held open; the temporary folder is cleaned with the machine
        }
    }

    /// <summary>The lines every instance logged so far (Serilog's file log), for which instance served what.</summary>
    public static string LogOf(AppInstance instance)
    {
        var folder = Path.Combine(instance.DataFolder, "logs");
        return Directory.Exists(folder)
            ? string.Concat(Directory.GetFiles(folder).Select(f => { using var s = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite); return new StreamReader(s).ReadToEnd(); }))
            : "";
    }

    private async Task StartProxyAsync(int port) =>
        _nginx = await StartNginxAsync(Path.Combine(_root, "nginx"), port, [.. _instances.Select(i => i.Port)]);

    /// <summary>nginx on 127.0.0.1:<paramref name="port"/> in front of the instances on <paramref name="upstreamPorts"/>, with the project's proxy settings; ready when it returns.</summary>
    public static async Task<Process> StartNginxAsync(string folder, int port, IReadOnlyList<int> upstreamPorts)
    {
        var nginx = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("nginx is not installed (build.sh installs it).");
        Directory.CreateDirectory(folder);
        // nginx started by root hands requests to workers of an unprivileged user, which write request bodies here.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
        }

        var upstreams = string.Concat(upstreamPorts.Select(p => $"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;\n"));
        var config = $$"""
            worker_processes 2;
            error_log {{folder}}/error.log warn;
            pid {{folder}}/nginx.pid;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                upstream crm_app {
            {{upstreams}}        keepalive 64;
                }
                server {
                    listen 127.0.0.1:{{port}};
                    include {{Path.Combine(RepositoryRoot, "deploy", "nginx", "crm-proxy.conf")}};
                }
            }
            """;
        var file = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(file, config);
        var start = new ProcessStartInfo(nginx, ["-c", file, "-p", folder, "-g", "daemon off;"]) { RedirectStandardError = true, RedirectStandardOutput = true };
        var process = Process.Start(start)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await WaitReadyAsync($"http://127.0.0.1:{port}", () => process.HasExited ? "nginx exited: " + SafeRead(Path.Combine(folder, "error.log")) : null);
        return process;
    }

    /// <summary>
    /// The built app as a process on <paramref name="url"/> and a PostgreSQL database, behind a proxy on loopback whose
    /// address is <paramref name="publicUrl"/>; ready when it returns.
    /// </summary>
    public static async Task<Process> StartAppAsync(string url, string publicUrl, string dataFolder, string connectionString, IReadOnlyDictionary<string, string> settings)
    {
        var web = Path.Combine(RepositoryRoot, "src", "Crm.Web");
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(web, "bin", configuration, "net10.0", "Crm.Web.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", url, "--contentRoot", web])
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["PublicUrl"] = publicUrl;
        start.Environment["ForwardedHeaders__KnownProxies__0"] = "127.0.0.1";
        start.Environment["DataFolder"] = dataFolder;
        start.Environment["Database__Provider"] = "PostgreSql";
        start.Environment["Database__ConnectionString"] = connectionString;
        start.Environment["RateLimits__PublicPerMinute"] = "100000";
        start.Environment["Serilog__MinimumLevel__Default"] = "Information";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitReadyAsync(url, () => process.HasExited ? $"{url} exited at start-up with {process.ExitCode}" : null);
        return process;
    }

    private static string SafeRead(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    internal static async Task WaitReadyAsync(string url, Func<string?> exited)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            if (exited() is { } why)
            {
                throw new InvalidOperationException(why);
            }

            try
            {
                if ((await http.GetAsync(url + "/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(url + " did not become ready");
            }

            await Task.Delay(250);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>One app process of the cluster; it can be killed (SIGKILL) and started again on the same port and folder.</summary>
    public sealed class AppInstance(AppCluster cluster, string name, int port)
    {
        private Process? _process;

        public string Name { get; } = name;

        public int Port { get; } = port;

        public string Url => $"http://127.0.0.1:{Port}";

        public string DataFolder { get; } = Path.Combine(cluster._root, name);

        public bool Running => _process is { HasExited: false };

        public int? ProcessId => Running ? _process!.Id : null;

        public async Task StartAsync()
        {
            var settings = new Dictionary<string, string>(cluster._settings) { ["Files:Store"] = "Database", ["Admin:Password"] = AdminPassword };
            _process = await StartAppAsync(Url, cluster.Url, DataFolder, cluster.ConnectionString, settings);
        }

        /// <summary>SIGKILL: no shutdown, no flush, as a crash or an OOM kill.</summary>
        public void Kill()
        {
            if (_process is { HasExited: false } process)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
    }
}
