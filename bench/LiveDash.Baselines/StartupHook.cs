using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// The bench's window into a server it does not build: loaded into the gateway with
/// <c>DOTNET_STARTUP_HOOKS=&lt;this dll&gt;</c> (the runtime calls <see cref="Initialize"/> before
/// <c>Main</c>), it answers <c>GET /stats[?gc=1]</c> on <c>127.0.0.1:$LIVEDASH_BENCH_STATS_PORT</c>
/// with the same figures the baselines' <c>/stats</c> gives (allocated bytes, managed heap after a
/// full collection, RSS, CPU) plus thread-pool work items, lock contentions and collections, and exits the process when <c>$LIVEDASH_BENCH_PARENT_PID</c> is gone.
/// So the gateway is measured as shipped: no diagnostic endpoint in the product. The bench loads it into
/// the baselines' process too, so every target is read by the same code. Its cost is one
/// thread blocked in accept and one polling the parent once a second; a request allocates a few KB,
/// which the bench's before/after reads include (twice per row, against megabytes per row).
/// Only BCL types are used here: the gateway's process resolves nothing else of this assembly.
/// </summary>
internal static class StartupHook
{
    private const string PortVariable = "LIVEDASH_BENCH_STATS_PORT";
    private const string ParentVariable = "LIVEDASH_BENCH_PARENT_PID";

    // Rooted here so the timer is not collected.
    private static Timer? s_parentWatch;

    /// <summary>Called by the runtime (startup hook contract: a static <c>Initialize</c> on a type named <c>StartupHook</c>, no namespace).</summary>
    public static void Initialize()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable(PortVariable), CultureInfo.InvariantCulture, out var port))
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            new Thread(() => Serve(listener)) { IsBackground = true, Name = "bench-stats" }.Start();
        }

        if (int.TryParse(Environment.GetEnvironmentVariable(ParentVariable), CultureInfo.InvariantCulture, out var parent))
        {
            s_parentWatch = new Timer(_ => ExitIfGone(parent), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }
    }

    private static void Serve(TcpListener listener)
    {
        var buffer = new byte[4096];
        while (true)
        {
            using var client = listener.AcceptTcpClient();
            try
            {
                var stream = client.GetStream();
                var received = 0;
                while (received < buffer.Length && buffer.AsSpan(0, received).IndexOf("\r\n\r\n"u8) < 0)
                {
                    var read = stream.Read(buffer, received, buffer.Length - received);
                    if (read == 0)
                    {
                        break;
                    }

                    received += read;
                }

                var requestLine = Encoding.ASCII.GetString(buffer, 0, received).Split('\r', 2)[0];
                var body = Encoding.UTF8.GetBytes(Capture(collect: requestLine.Contains("gc=1", StringComparison.Ordinal)));
                var head = Encoding.ASCII.GetBytes(string.Create(
                    CultureInfo.InvariantCulture,
                    $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"));
                stream.Write(head);
                stream.Write(body);
            }
            catch (IOException)
            {
                // The bench went away mid-request; serve the next one.
            }
        }
    }

    /// <summary>The baselines' <c>ServerStats</c> figures, as JSON with the same member names.</summary>
    private static string Capture(bool collect)
    {
        if (collect)
        {
            // Twice, so objects freed by finalizers of the first pass are gone too (as the baselines do).
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        using var process = Process.GetCurrentProcess();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"rssBytes\":{process.WorkingSet64},\"managedHeapBytes\":{GC.GetTotalMemory(forceFullCollection: false)}," +
            $"\"allocatedBytes\":{GC.GetTotalAllocatedBytes(precise: true)},\"cpuMilliseconds\":{process.TotalProcessorTime.TotalMilliseconds}," +
            $"\"threads\":{process.Threads.Count},\"threadPoolWorkItems\":{ThreadPool.CompletedWorkItemCount}," +
            $"\"lockContentions\":{Monitor.LockContentionCount},\"gen0Collections\":{GC.CollectionCount(0)},\"gen2Collections\":{GC.CollectionCount(2)}}}");
    }

    private static void ExitIfGone(int parent)
    {
        try
        {
            using var process = Process.GetProcessById(parent);
            if (!process.HasExited)
            {
                return;
            }
        }
        catch (ArgumentException)
        {
        }

        // The bench is gone (even SIGKILLed): do not leave a server holding thousands of sockets.
        s_parentWatch?.Dispose();
        Environment.Exit(3);
    }
}
