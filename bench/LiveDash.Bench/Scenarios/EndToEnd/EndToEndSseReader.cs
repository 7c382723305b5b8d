using System.Diagnostics;
using System.Text.Json;

namespace LiveDash.Bench.Scenarios.EndToEnd;

/// <summary>
/// One SSE client of the gateway's <c>GET /api/v1/stream</c> following the row's metric topics. Each
/// <c>data:</c> line is timestamped as it is read, then parsed: for a snapshot or update of a metric, the
/// largest series <c>max</c> is the newest point the event covers (<see cref="PointLedger"/>).
/// </summary>
internal sealed class EndToEndSseReader : IAsyncDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly Dictionary<string, int> _metricIndexes;
    private readonly PointLedger _ledger;
    private readonly TaskCompletionSource _allSnapshots = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<int> _snapshotsSeen = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    private EndToEndSseReader(IReadOnlyList<string> metrics, PointLedger ledger)
    {
        _metricIndexes = metrics.Select((m, i) => (m, i)).ToDictionary(p => "metric:" + p.m, p => p.i, StringComparer.Ordinal);
        _ledger = ledger;
    }

    /// <summary>Completes when a snapshot of every topic has arrived (the stream is live).</summary>
    public Task AllSnapshots => _allSnapshots.Task;

    /// <summary>Opens the stream (failing on a refusal) and starts reading it.</summary>
    public static async Task<EndToEndSseReader> OpenAsync(Uri gateway, IReadOnlyList<string> metrics, PointLedger ledger, CancellationToken cancellationToken)
    {
        var reader = new EndToEndSseReader(metrics, ledger);
        var url = new Uri(gateway, "api/v1/stream?" + string.Join('&', metrics.Select(m => "topic=metric:" + m)));
        var response = await reader._http.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            await reader.DisposeAsync();
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {body}");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        reader._loop = Task.Run(() => reader.ReadAsync(response, stream), CancellationToken.None);
        return reader;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync(HttpResponseMessage response, Stream stream)
    {
        using (response)
        using (var lines = new StreamReader(stream))
        {
            while (await lines.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    OnData(line.AsMemory(6), Stopwatch.GetTimestamp());
                }
            }
        }

        _allSnapshots.TrySetException(new InvalidOperationException("the SSE stream ended before every topic's snapshot arrived."));
    }

    private void OnData(ReadOnlyMemory<char> json, long arrival)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var type = root.GetProperty("type").GetString();
        if (type is not ("snapshot" or "update")
            || !_metricIndexes.TryGetValue(root.GetProperty("topic").GetString() ?? "", out var metric)
            || !root.GetProperty("data").TryGetProperty("series", out var series))
        {
            return;
        }

        var newest = double.MinValue;
        foreach (var item in series.EnumerateArray())
        {
            newest = Math.Max(newest, item.GetProperty("max").GetDouble());
        }

        _ledger.Received(metric, newest, arrival);
        if (type == "snapshot" && _snapshotsSeen.Add(metric) && _snapshotsSeen.Count == _metricIndexes.Count)
        {
            _allSnapshots.TrySetResult();
        }
    }
}
