using System.Globalization;
using LiveDash.Baselines.Publishing;
using LiveDash.Baselines.RawSse;
using LiveDash.Baselines.SignalR;

namespace LiveDash.Baselines.Hosting;

/// <summary>
/// The <c>GET /stats</c> answer. The bench reads it around its measurements: memory per connection
/// from <see cref="RssBytes"/> and <see cref="ManagedHeapBytes"/>, server cost per delivery from
/// <see cref="AllocatedBytes"/> and <see cref="CpuMilliseconds"/>.
/// </summary>
/// <param name="RawSseConnections">Open <c>/raw/sse</c> responses.</param>
/// <param name="SignalRConnections">Connected SignalR clients.</param>
/// <param name="Published">Events published so far.</param>
/// <param name="DroppedSlowReaders">Raw SSE connections dropped because their queue was full.</param>
/// <param name="RssBytes">Resident set size (<c>VmRSS</c> of <c>/proc/self/status</c>).</param>
/// <param name="ManagedHeapBytes"><c>GC.GetTotalMemory</c>, after a full blocking collection when <c>?gc=1</c>.</param>
/// <param name="AllocatedBytes"><c>GC.GetTotalAllocatedBytes(precise: true)</c> since start.</param>
/// <param name="CpuMilliseconds">User plus system CPU time of the process since start.</param>
/// <param name="Threads">Threads in the process.</param>
internal sealed record ServerStats(
    int RawSseConnections,
    int SignalRConnections,
    long Published,
    long DroppedSlowReaders,
    long RssBytes,
    long ManagedHeapBytes,
    long AllocatedBytes,
    double CpuMilliseconds,
    int Threads)
{
    public static ServerStats Capture(RawSseBroadcaster raw, EventPublisher publisher, bool collect)
    {
        if (collect)
        {
            // Twice, so objects freed by finalizers of the first pass are gone too.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return new ServerStats(
            raw.Connections,
            BroadcastHub.Connections,
            publisher.Published,
            raw.Dropped,
            ReadRssBytes(),
            GC.GetTotalMemory(forceFullCollection: false),
            GC.GetTotalAllocatedBytes(precise: true),
            process.TotalProcessorTime.TotalMilliseconds,
            process.Threads.Count);
    }

    /// <summary><c>VmRSS</c> from <c>/proc/self/status</c> (kB there), in bytes; -1 where there is no procfs.</summary>
    private static long ReadRssBytes()
    {
        const string Path = "/proc/self/status";
        if (!File.Exists(Path))
        {
            return -1;
        }

        foreach (var line in File.ReadLines(Path))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return -1;
    }
}
