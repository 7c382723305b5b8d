using LiveDash.Bench.Shared;

namespace LiveDash.Baselines;

/// <summary>
/// The command line of the baseline server:
/// <c>--port p [--rate n] [--pad-bytes n] [--queue-events n] [--max-connections n] [--parent-pid pid]</c>.
/// </summary>
internal sealed class BaselineOptions
{
    public const string Usage = """
        Usage: LiveDash.Baselines --port <port> [options]

          --port <p>              127.0.0.1 port to listen on (required)
          --rate <n>              events published per second (default 10; 0 = no publisher)
          --pad-bytes <n>         filler bytes in each event's JSON (default 100)
          --queue-events <n>      raw SSE: events queued per connection before it is dropped as slow (default 64)
          --max-connections <n>   Kestrel connection limit (default 19000: the process may hold 20,000 files)
          --parent-pid <pid>      exit when this process is gone (the bench passes its own id)

        Endpoints: GET /raw/sse (raw Kestrel SSE), /hub (SignalR, JSON protocol, target "event"),
        GET /stats[?gc=1] (connections, RSS, managed heap; gc=1 forces a full collection first).
        """;

    /// <summary>The 127.0.0.1 port to listen on. Required.</summary>
    public int Port { get; private set; }

    /// <summary>Events published per second; 0 turns the publisher off (idle connections). Default 10.</summary>
    public double EventsPerSecond { get; private set; } = 10;

    /// <summary>Filler bytes in each event so it is dashboard-update sized (about 150 bytes of JSON). Default 100.</summary>
    public int PadBytes { get; private set; } = 100;

    /// <summary>Raw SSE: events a connection may have queued; one more drops the connection as a slow reader. Default 64.</summary>
    public int MaxQueuedEventsPerConnection { get; private set; } = 64;

    /// <summary>
    /// Kestrel's connection limit. Default 19,000: the process may open 20,000 files (PACKAGES.md), and
    /// a refused connection is clearer than an accept loop failing with EMFILE.
    /// </summary>
    public int MaxConnections { get; private set; } = 19_000;

    /// <summary>When set, the server exits once this process is gone, so a killed bench leaves nothing behind.</summary>
    public int? ParentProcessId { get; private set; }

    public static BaselineOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new BaselineOptions();
        error = null;
        for (var i = 0; i < args.Count && error is null; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : null;
            switch (name)
            {
                case "--port":
                    options.Port = (int)CommandLineNumber.Parse(name, value, 1, 65535, ref error);
                    break;
                case "--rate":
                    options.EventsPerSecond = CommandLineNumber.Parse(name, value, 0, 100_000, ref error);
                    break;
                case "--pad-bytes":
                    options.PadBytes = (int)CommandLineNumber.Parse(name, value, 0, 1_000_000, ref error);
                    break;
                case "--queue-events":
                    options.MaxQueuedEventsPerConnection = (int)CommandLineNumber.Parse(name, value, 1, 100_000, ref error);
                    break;
                case "--max-connections":
                    options.MaxConnections = (int)CommandLineNumber.Parse(name, value, 1, 1_000_000, ref error);
                    break;
                case "--parent-pid":
                    options.ParentProcessId = (int)CommandLineNumber.Parse(name, value, 1, int.MaxValue, ref error);
                    break;
                default:
                    error = $"unknown option '{name}'.";
                    break;
            }
        }

        if (error is null && options.Port == 0)
        {
            error = "--port is required.";
        }

        return error is null ? options : null;
    }
}
