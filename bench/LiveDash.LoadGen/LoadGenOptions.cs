using System.Net;
using LiveDash.Bench.Shared;

namespace LiveDash.LoadGen;

/// <summary>The command line of the load generator; see <see cref="Usage"/>.</summary>
internal sealed class LoadGenOptions
{
    public const string Usage = """
        Usage: LiveDash.LoadGen --url http://127.0.0.1:<port>/<path> --transport sse|signalr|ws --clients <n> [options]

          --mode fanout|storm       fanout (default): count deliveries and latency over a window;
                                    storm (sse only): clients that resume after their stream drops, with
                                    Last-Event-ID and backoff, checking seq continuity (see Resume/StormRun)
          --storm-timeout <s>       storm: give up waiting for every client to resume (default 120)
          --backoff-max <s>         storm: longest reconnect backoff (default 30; 1 s doubling, +-10 % jitter)

          --duration <s>            timed window after all clients connected and the warm-up (default 10)
          --warmup <s>              untimed wait after connecting (default 2)
          --sources <n>             bind clients round-robin to n source addresses from 127.0.0.<first>
                                    (default 4; each source address has 28k ephemeral ports)
          --first-source <k>        last byte of the first source address (default 2: 127.0.0.2)
          --connect-concurrency <n> connects in flight at once (default 200)
          --connect-timeout <s>     give up on connecting after this long (default 60)
          --wait-live <s>           after connecting, wait up to s seconds until every connected client has
                                    received its first event ("loadgen: live N of M in T s"); default 0: no wait
          --window-events arrived|published
                                    arrived (default): every event arriving in the window counts; published:
                                    only events published after the window opened (their <ts-key> time), for
                                    a caller that publishes its own events into a held window
          --hello <text>            ws only: a text message sent after connecting (e.g. a subscribe)
          --ts-key <name>           JSON key whose number is the publish time (default ts; the gateway's
                                    metric events carry it as the series' "last" value)

        Events must carry "<ts-key>":<Unix microseconds of publish> in their JSON; latency = arrival - ts.
        Progress lines go to stderr ("loadgen: connected ...", "loadgen: measuring", "loadgen: measured");
        the result is one JSON line on stdout. Exits by itself after the window, closing every socket;
        SIGTERM or Ctrl-C ends the window early the same way (a long --duration and a SIGTERM make a
        window the caller closes). perClientDeliveries in the result: events received in the window →
        how many connected clients received that many; outsideWindow: deliveries not counted (before or
        after the window, or published before it with --window-events published).
        """;

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    public IPEndPoint Server { get; private set; } = new(IPAddress.Loopback, 80);

    public TransportKind Transport { get; private set; }

    public int Clients { get; private set; }

    /// <summary>Timed window. Default 10 s.</summary>
    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(10);

    /// <summary>Untimed wait after all clients connected. Default 2 s.</summary>
    public TimeSpan Warmup { get; private set; } = TimeSpan.FromSeconds(2);

    /// <summary>Source addresses 127.0.0.2 onwards that clients bind to, round-robin. Default 4.</summary>
    public int Sources { get; private set; } = 4;

    /// <summary>Last byte of the first source address (127.0.0.k), so several load generators can use distinct ones. Default 2.</summary>
    public int FirstSource { get; private set; } = 2;

    /// <summary>Connects in flight at once; more overflows the server's accept queue. Default 200.</summary>
    public int ConnectConcurrency { get; private set; } = 200;

    /// <summary>Time allowed for connecting every client. Default 60 s.</summary>
    public TimeSpan ConnectTimeout { get; private set; } = TimeSpan.FromSeconds(60);

    public string? Hello { get; private set; }

    /// <summary><c>--window-events published</c>: count only events published after the window opened.</summary>
    public bool CountPublishedInWindow { get; private set; }

    /// <summary>How long to wait, after connecting, for every client's first event before the warm-up; zero (default): no wait.</summary>
    public TimeSpan WaitLive { get; private set; }

    /// <summary><c>--mode storm</c>: a <see cref="Resume.StormRun"/> instead of a fanout <see cref="LoadRun"/>.</summary>
    public bool Storm { get; private set; }

    /// <summary>Storm: how long to wait for every client to resume. Default 120 s.</summary>
    public TimeSpan StormTimeout { get; private set; } = TimeSpan.FromSeconds(120);

    /// <summary>Storm: the reconnect backoff's cap. Default 30 s.</summary>
    public TimeSpan BackoffMax { get; private set; } = TimeSpan.FromSeconds(30);

    /// <summary>The JSON key whose integer value is the publish time in Unix µs. Default <c>ts</c>.</summary>
    public string TimestampKey { get; private set; } = "ts";

    public static LoadGenOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new LoadGenOptions();
        var hasUrl = false;
        var hasTransport = false;
        error = null;
        for (var i = 0; i < args.Count && error is null; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : null;
            switch (name)
            {
                case "--url":
                    hasUrl = TrySetUrl(options, value, ref error);
                    break;
                case "--transport":
                    hasTransport = Enum.TryParse<TransportKind>(value, ignoreCase: true, out var kind);
                    options.Transport = kind;
                    error = hasTransport ? null : $"--transport {value}: expected sse, signalr or ws.";
                    break;
                case "--clients":
                    options.Clients = (int)CommandLineNumber.Parse(name, value, 1, 1_000_000, ref error);
                    break;
                case "--duration":
                    options.Duration = TimeSpan.FromSeconds(CommandLineNumber.Parse(name, value, 0.1, 86_400, ref error));
                    break;
                case "--warmup":
                    options.Warmup = TimeSpan.FromSeconds(CommandLineNumber.Parse(name, value, 0, 3600, ref error));
                    break;
                case "--sources":
                    options.Sources = (int)CommandLineNumber.Parse(name, value, 1, 250, ref error);
                    break;
                case "--first-source":
                    options.FirstSource = (int)CommandLineNumber.Parse(name, value, 2, 254, ref error);
                    break;
                case "--connect-concurrency":
                    options.ConnectConcurrency = (int)CommandLineNumber.Parse(name, value, 1, 100_000, ref error);
                    break;
                case "--connect-timeout":
                    options.ConnectTimeout = TimeSpan.FromSeconds(CommandLineNumber.Parse(name, value, 1, 3600, ref error));
                    break;
                case "--wait-live":
                    options.WaitLive = TimeSpan.FromSeconds(CommandLineNumber.Parse(name, value, 0, 3600, ref error));
                    break;
                case "--window-events":
                    options.CountPublishedInWindow = value == "published";
                    error = value is "arrived" or "published" ? null : $"--window-events {value}: expected arrived or published.";
                    break;
                case "--hello":
                    options.Hello = value;
                    break;
                case "--mode":
                    options.Storm = value == "storm";
                    error = value is "storm" or "fanout" ? null : $"--mode {value}: expected fanout or storm.";
                    break;
                case "--storm-timeout":
                    options.StormTimeout = TimeSpan.FromSeconds(CommandLineNumber.Parse(name, value, 1, 3600, ref error));
                    break;
                case "--backoff-max":
                    options.BackoffMax = TimeSpan.FromSeconds(CommandLineNumber.Parse(name, value, 1, 3600, ref error));
                    break;
                case "--ts-key":
                    options.TimestampKey = value ?? "";
                    error = options.TimestampKey.Length is > 0 and <= 64 && !options.TimestampKey.Contains('"', StringComparison.Ordinal)
                        ? null
                        : $"--ts-key {value}: expected a JSON key of 1 to 64 characters.";
                    break;
                default:
                    error = $"unknown option '{name}'.";
                    break;
            }
        }

        if (error is null && (!hasUrl || !hasTransport || options.Clients == 0))
        {
            error = "--url, --transport and --clients are required.";
        }

        if (error is null && options.Storm && options.Transport != TransportKind.Sse)
        {
            error = "--mode storm needs --transport sse.";
        }

        if (error is null && options.FirstSource + options.Sources - 1 > 254)
        {
            error = $"--first-source {options.FirstSource} with --sources {options.Sources} goes past 127.0.0.254.";
        }

        return error is null ? options : null;
    }

    private static bool TrySetUrl(LoadGenOptions options, string? value, ref string? error)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "ws")
            || !IPAddress.TryParse(url.Host, out var address) || !IPAddress.IsLoopback(address))
        {
            error = $"--url {value}: expected http://127.0.0.1:<port>/<path> (loopback only).";
            return false;
        }

        options.Url = url;
        options.Server = new IPEndPoint(address, url.Port);
        return true;
    }
}
