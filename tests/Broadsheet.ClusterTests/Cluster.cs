using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Npgsql;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Broadsheet.ClusterTests;

/// <summary>
/// Two Broadsheet nodes (the built app, as real processes on Kestrel ports) behind a real nginx round-robin, on a
/// PostgreSQL database and a Redis server of their own. PostgreSQL is the one ./test.sh started
/// (BROADSHEET_TEST_POSTGRES); Redis and nginx are started here, so a test can stop and start them.
/// </summary>
public class Cluster : IAsyncLifetime
{
    public const string Token = "cluster-bootstrap-token-0123456789-abcdefghij";
    public const string AdminEmail = "desk@example.org";
    public const string AdminPassword = "a long cluster passphrase";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "broadsheet-cluster", Guid.NewGuid().ToString("N")[..12]);
    private readonly string _database = "bs_cluster_" + Guid.NewGuid().ToString("N")[..12];
    private Process? _redis;
    private Process? _nginx;

    public Node A { get; private set; } = null!;
    public Node B { get; private set; } = null!;

    /// <summary>nginx in front of both nodes.</summary>
    public Uri Proxy { get; private set; } = null!;

    public int RedisPort { get; private set; }

    private string? _postgresServer;

    private string PostgresServer => _postgresServer ?? Required("BROADSHEET_TEST_POSTGRES");

    public string PostgresConnectionString => new NpgsqlConnectionStringBuilder(PostgresServer) { Database = _database }.ConnectionString;

    /// <summary>A cluster whose tests stop PostgreSQL gets a PostgreSQL server of its own (tests/services/start).</summary>
    protected virtual bool OwnsPostgres => false;

    private string ServicesDirectory => Path.Combine(_root, "services");

    public virtual async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        if (OwnsPostgres)
        {
            await ServicesAsync("start", ServicesDirectory);
            var env = await File.ReadAllLinesAsync(Path.Combine(ServicesDirectory, "env"));
            _postgresServer = env.Single(l => l.StartsWith("export BROADSHEET_TEST_POSTGRES=", StringComparison.Ordinal)).Split('=', 2)[1].Trim('\'');
        }
        RedisPort = FreePort();
        StartRedis();
        await WaitForRedisAsync();
        A = new Node("a", FreePort(), NodeEnvironment);
        B = new Node("b", FreePort(), NodeEnvironment);
        // Started together, as a deployment would: the start-up lease keeps their migrations apart.
        await Task.WhenAll(A.StartAsync(), B.StartAsync());
        StartNginx();
        await WaitUntilAsync(async () => (await TryGetAsync(new Uri(Proxy, "/healthz"))) == HttpStatusCode.OK, "nginx to answer");
    }

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        Stop(_nginx);
        A?.Kill();
        B?.Kill();
        StopRedis();
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (OwnsPostgres)
            {
                await ServicesAsync("stop", ServicesDirectory);
            }
            else
            {
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false }.ConnectionString);
                await connection.OpenAsync();
                await using var drop = connection.CreateCommand();
                drop.CommandText = $"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)";
                await drop.ExecuteNonQueryAsync();
            }
        }
        finally
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    public Task StopPostgresAsync() => ServicesAsync("postgres", ServicesDirectory, "stop");

    public Task StartPostgresAsync() => ServicesAsync("postgres", ServicesDirectory, "start");

    /// <summary>Runs one of the project's own service scripts (tests/services/…) and fails with its output if it fails.</summary>
    private static async Task ServicesAsync(string script, params string[] args)
    {
        var run = Process.Start(new ProcessStartInfo(Path.Combine(RepositoryRoot(), "tests", "services", script), args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = run.StandardOutput.ReadToEndAsync();
        var error = run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"tests/services/{script} {string.Join(' ', args)} failed: {await output}{await error}");
        }
    }

    public void StopRedis()
    {
        Stop(_redis);
        _redis = null;
    }

    public void StartRedis()
    {
        _redis = Process.Start(new ProcessStartInfo(Required("BROADSHEET_TEST_REDIS_SERVER"),
            ["--port", RedisPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _root])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _redis.OutputDataReceived += (_, _) => { };
        _redis.BeginOutputReadLine();
        _redis.BeginErrorReadLine();
    }

    public async Task WaitForRedisAsync() => await WaitUntilAsync(() =>
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, RedisPort);
            return Task.FromResult(true);
        }
        catch (SocketException)
        {
            return Task.FromResult(false);
        }
    }, "Redis to listen");

    private void StartNginx()
    {
        var port = FreePort();
        Proxy = new Uri($"http://127.0.0.1:{port}");
        var prefix = Path.Combine(_root, "nginx");
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        // The nginx lines docs/scaling.md shows, on loopback ports.
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/logs/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{prefix}}/client_body;
              proxy_temp_path {{prefix}}/proxy;
              fastcgi_temp_path {{prefix}}/fastcgi;
              uwsgi_temp_path {{prefix}}/uwsgi;
              scgi_temp_path {{prefix}}/scgi;
              upstream broadsheet {
                server 127.0.0.1:{{A.Port}} max_fails=1 fail_timeout=5s;
                server 127.0.0.1:{{B.Port}} max_fails=1 fail_timeout=5s;
                keepalive 16;
              }
              server {
                listen 127.0.0.1:{{port}};
                client_max_body_size 21m;
                location / {
                  proxy_pass http://broadsheet;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header Host $http_host;
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_set_header X-Forwarded-Proto $scheme;
                  proxy_connect_timeout 2s;
                }
              }
            }
            """);
        _nginx = Process.Start(new ProcessStartInfo(Required("BROADSHEET_TEST_NGINX"), ["-p", prefix, "-c", Path.Combine(prefix, "nginx.conf")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _nginx.BeginOutputReadLine();
        _nginx.BeginErrorReadLine();
    }

    /// <summary>How many job leases (PostgreSQL advisory locks) a node's connections hold.</summary>
    public async Task<long> LeasesHeldAsync(Node node)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = """
            SELECT COUNT(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE @name || ' lease:%'
            """;
        count.Parameters.AddWithValue("name", node.ApplicationName);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>The node holding a lease, by the name its connection carries ("broadsheet-node-a lease:NAME"), or null.</summary>
    public async Task<Node?> LeaseHolderAsync(string lease)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var holder = connection.CreateCommand();
        holder.CommandText = """
            SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE '% lease:' || @lease
            """;
        holder.Parameters.AddWithValue("lease", lease);
        var name = await holder.ExecuteScalarAsync() as string;
        return name is null ? null : name.StartsWith(A.ApplicationName + " ", StringComparison.Ordinal) ? A : B;
    }

    public static string Required(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{variable} is not set: run the cluster tests through ./test.sh, which starts the services.");

    public static HttpClient Client(Uri baseAddress, bool editor = false)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (editor)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }
        return client;
    }

    public static string Unique(string stem) => $"{stem} {Guid.NewGuid().ToString("N")[..8]}";

    public static async Task<JsonElement> CreateArticleAsync(Node via)
    {
        using var editor = Client(via.Url, editor: true);
        var section = await ExpectJsonAsync(await editor.PostAsJsonAsync("/api/v1/sections", new { name = Unique("Desk") }), 201);
        return await ExpectJsonAsync(await editor.PostAsJsonAsync("/api/v1/articles", new
        {
            title = Unique("Harbour reopens"),
            body = "The quay was rebuilt.\n\n> We kept our word, said the mayor.",
            section = section.GetProperty("slug").GetString(),
            status = "published",
        }), 201);
    }

    public static async Task<JsonElement> ExpectJsonAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<HttpStatusCode?> TryGetAsync(Uri url)
    {
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var response = await client.GetAsync(url);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads a page until the answer comes from the cache (an Age header): the output cache stores a page just after
    /// sending it, so the reader that made it can be done before it is stored.
    /// </summary>
    public static async Task WaitUntilCachedAsync(HttpClient client, string path) =>
        await WaitUntilAsync(async () =>
        {
            using var response = await client.GetAsync(path);
            response.EnsureSuccessStatusCode();
            return response.Headers.Age is not null;
        }, $"{path} to be in the page cache", seconds: 15);

    /// <summary>Polls for a positive signal, at most <paramref name="seconds"/>; never a fixed sleep.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Waited {seconds} s for {what}.");
            }
            await Task.Delay(100);
        }
    }

    private static void Stop(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        process?.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Node processes' output, for a failing test's message.</summary>
    public string Logs => $"--- node a ---\n{A.Output}\n--- node b ---\n{B.Output}";

    /// <summary>What every cluster node runs with: the scale-out settings of docs/scaling.md, behind this machine's nginx.</summary>
    private Dictionary<string, string> NodeEnvironment(Node node) => new Dictionary<string, string>
    {
        ["Broadsheet__DataDirectory"] = Path.Combine(_root, node.Name),
        // One upload folder for both nodes (a shared mount in production), as docs/scaling.md says.
        ["Broadsheet__Media__UploadDirectory"] = Path.Combine(_root, "uploads"),
        ["Broadsheet__Database__Provider"] = "Postgres",
        ["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(PostgresConnectionString) { ApplicationName = node.ApplicationName }.ConnectionString,
        ["ConnectionStrings__Redis"] = $"127.0.0.1:{RedisPort}",
        ["Broadsheet__SeedDemoContent"] = "false",
        ["Broadsheet__BootstrapToken"] = Token,
        ["Broadsheet__BootstrapAdmin__Email"] = AdminEmail,
        ["Broadsheet__BootstrapAdmin__Password"] = AdminPassword,
        ["Broadsheet__Popular__FlushIntervalSeconds"] = "1",
        // nginx runs on this machine: its X-Forwarded-For names the reader (docs/scaling.md).
        ["Broadsheet__ForwardedHeaders__KnownProxies__0"] = "127.0.0.1",
        ["Broadsheet__Comments__FloodIntervalSeconds"] = "0",
        ["Broadsheet__Comments__HoldFirstTimeCommenters"] = "false",
        ["Broadsheet__Spam__Enabled"] = "false",
        // Every test client is 127.0.0.1 to the nodes: the load tests post far more than one reader may.
        ["Broadsheet__RateLimits__Comments__Permits"] = "100000",
        // Low enough for a test to reach; only TwoNodesBehaveAsOneSite searches.
        ["Broadsheet__RateLimits__Search__Permits"] = "6",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_NOLOGO"] = "1",
    }.Concat(ExtraSettings).ToDictionary();

    /// <summary>Settings a cluster of a kind adds to every node's (an SMTP relay).</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>();

    /// <summary>One Broadsheet process, started from the Release build with <paramref name="settings"/> as its environment.</summary>
    public sealed class Node(string name, int port, Func<Node, Dictionary<string, string>> settings)
    {
        public string Name { get; } = name;

        private Process? _process;
        private readonly List<string> _output = [];

        public int Port { get; } = port;

        /// <summary>The node's name on its PostgreSQL connections, so a test can see what it holds.</summary>
        public string ApplicationName { get; } = "broadsheet-node-" + name;

        public Uri Url { get; } = new($"http://127.0.0.1:{port}");

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return string.Join('\n', _output.TakeLast(60));
                }
            }
        }

        /// <summary>Every line the node has written to standard output and error.</summary>
        public IReadOnlyList<string> AllOutput
        {
            get
            {
                lock (_output)
                {
                    return [.. _output];
                }
            }
        }

        public async Task StartAsync()
        {
            var app = Path.Combine(RepositoryRoot(), "src", "Broadsheet", "bin", "Release", "net10.0", "Broadsheet.dll");
            var start = new ProcessStartInfo("dotnet", [app, "--urls", Url.ToString().TrimEnd('/')])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetDirectoryName(app)!,
            };
            var environment = settings(this);
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
            _process = Process.Start(start)!;
            _process.OutputDataReceived += (_, e) => Keep(e.Data);
            _process.ErrorDataReceived += (_, e) => Keep(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            await WaitUntilAsync(async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"Node {Name} exited with {_process.ExitCode}:\n{Output}");
                }
                return await TryGetAsync(new Uri(Url, "/healthz")) == HttpStatusCode.OK;
            }, $"node {Name} to start", seconds: 120);
        }

        /// <summary>SIGTERM, as systemd or docker stop send it; returns the exit code and how long the node took to exit.</summary>
        public async Task<(int ExitCode, TimeSpan Took)> TerminateAsync(TimeSpan bound)
        {
            var process = _process ?? throw new InvalidOperationException($"Node {Name} is not running.");
            var clock = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            using var timeout = new CancellationTokenSource(bound);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, clock.Elapsed);
        }

        /// <summary>SIGKILL: no shutdown of any kind.</summary>
        public void Kill()
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }

        private void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Broadsheet.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Broadsheet.slnx not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A cluster on a PostgreSQL server of its own, which its tests may stop and start.</summary>
public sealed class ClusterOnItsOwnPostgres : Cluster
{
    protected override bool OwnsPostgres => true;
}
