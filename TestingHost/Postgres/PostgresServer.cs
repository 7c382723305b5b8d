using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace LiveDash.TestingHost;

/// <summary>
/// A throwaway PostgreSQL server for tests and for <c>./livedash cluster</c>: a fresh data directory
/// under the system temp folder, trust authentication for user <c>livedash</c>, listening on
/// 127.0.0.1 only. Disposing stops it and deletes the directory.
/// </summary>
/// <remarks>
/// <para>Uses the binaries of the Debian <c>postgresql</c> package (<c>/usr/lib/postgresql/*/bin</c>),
/// which <c>./livedash test</c> installs. When this process is root, initdb and pg_ctl run as the
/// <c>postgres</c> user (PostgreSQL refuses root), and the directory is given to that user.</para>
/// <para>fsync stays on: the server is the durability medium of the storage under test, and a test
/// of "a completed write is durable" means nothing on a server that skips fsync.</para>
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The superuser initdb creates; trust authentication, so no password.</summary>
    public const string UserName = "livedash";

    private const string PackageRoot = "/usr/lib/postgresql";

    // A free port found by binding port 0 can be taken by someone else before the server binds it.
    private const int StartAttempts = 3;

    private readonly PostgresCommandRunner _runner;
    private readonly string _pgCtl;
    private int _disposed;

    private PostgresServer(PostgresCommandRunner runner, string binDirectory, string rootDirectory, int port)
    {
        _runner = runner;
        _pgCtl = Path.Combine(binDirectory, "pg_ctl");
        RootDirectory = rootDirectory;
        Port = port;
        ConnectionString = ConnectionStringFor("postgres");
    }

    /// <summary>The temporary directory holding the data directory, the Unix socket and the server log.</summary>
    public string RootDirectory { get; }

    /// <summary>The server's data directory.</summary>
    public string DataDirectory => Path.Combine(RootDirectory, "data");

    /// <summary>The server's log file; worth reading when a test fails oddly.</summary>
    public string LogFile => Path.Combine(RootDirectory, "server.log");

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>An Npgsql connection string for database <c>postgres</c> as <see cref="UserName"/>.</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// Creates a data directory and starts a server on it.
    /// </summary>
    /// <param name="port">The TCP port; 0 (default) picks a free one.</param>
    /// <param name="cancellationToken">Abandons the start (the directory is removed).</param>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed, or initdb or pg_ctl failed (the message carries their output and the server log).</exception>
    public static async Task<PostgresServer> StartAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);

        var binDirectory = FindBinDirectory();
        var runner = PostgresCommandRunner.ForCurrentUser();
        var root = Directory.CreateTempSubdirectory("livedash-pg-").FullName;
        try
        {
            await runner.GiveOwnershipAsync(root, cancellationToken);
            await runner.RunAsync(
                Path.Combine(binDirectory, "initdb"),
                ["-D", Path.Combine(root, "data"), "-A", "trust", "-U", UserName, "-E", "UTF8", "--no-instructions"],
                cancellationToken);

            for (var attempt = 1; ; attempt++)
            {
                var server = new PostgresServer(runner, binDirectory, root, port == 0 ? FreePort() : port);
                try
                {
                    await server.StartServerAsync(cancellationToken);
                    return server;
                }
                catch (InvalidOperationException) when (port == 0 && attempt < StartAttempts && !cancellationToken.IsCancellationRequested)
                {
                    // Most likely the port was taken meanwhile: try another.
                }
            }
        }
        catch
        {
            TryDeleteDirectory(root);
            throw;
        }
    }

    /// <summary>The connection string of database <paramref name="database"/> on this server.</summary>
    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = UserName,
        Database = database,
    }.ConnectionString;

    /// <summary>
    /// Creates an empty database (from <c>template0</c>) and returns its connection string; lets
    /// tests that need an empty schema share one server.
    /// </summary>
    /// <param name="name">Letters, digits and underscores, starting with a letter; at most 63 characters.</param>
    /// <param name="cancellationToken">Abandons the call.</param>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);

        // The name is spliced into SQL (CREATE DATABASE takes no parameters), so it must be a plain identifier.
        if (name.Length > 63 || !char.IsAsciiLetter(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"'{name}' is not a plain database name (letters, digits and '_', starting with a letter, at most 63 characters).", nameof(name));
        }

        // Unpooled: an idle pooled admin connection would outlive its use for nothing.
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString;
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return ConnectionStringFor(name);
    }

    /// <summary>Stops the server (fast shutdown: open sessions are ended) and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _runner.RunAsync(_pgCtl, ["-D", DataDirectory, "-m", "fast", "-w", "stop"], CancellationToken.None);
        }
        finally
        {
            TryDeleteDirectory(RootDirectory);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"PostgresServer(127.0.0.1:{Port}, {DataDirectory})";

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var serverOptions = string.Join(
            ' ',
            "-p", Port.ToString(CultureInfo.InvariantCulture),
            "-k", RootDirectory,
            "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=on",
            "-c", "synchronous_commit=on",
            "-c", "max_connections=300");
        try
        {
            // -l: without a log file the server inherits pg_ctl's stdout and our read of it never ends.
            await _runner.RunAsync(
                _pgCtl,
                ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", serverOptions, "start"],
                cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"{ex.Message}{Environment.NewLine}Server log ({LogFile}):{Environment.NewLine}{ReadLog()}", ex);
        }
    }

    private string ReadLog()
    {
        try
        {
            return File.ReadAllText(LogFile);
        }
        catch (IOException ex)
        {
            return "(unreadable: " + ex.Message + ")";
        }
        catch (UnauthorizedAccessException ex)
        {
            return "(unreadable: " + ex.Message + ")";
        }
    }

    /// <summary>The newest installed major version's bin directory.</summary>
    private static string FindBinDirectory()
    {
        var candidates = Directory.Exists(PackageRoot)
            ? Directory.GetDirectories(PackageRoot)
                .Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : -1)
                .ToList()
            : [];
        if (candidates.Count == 0)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not installed: no {PackageRoot}/*/bin/initdb. Run ./livedash test, which installs PostgreSQL "
                + "(or install the Debian package yourself: apt-get install -y postgresql).");
        }

        return Path.Combine(candidates[0], "bin");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is not worth failing a test run for.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
