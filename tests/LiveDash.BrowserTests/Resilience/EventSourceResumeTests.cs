using System.Text.Json;
using LiveDash.BrowserTests.Harness;
using Xunit;

namespace LiveDash.BrowserTests.Resilience;

/// <summary>
/// The harness's crash and the gateway's resume, seen by the browser's own EventSource (no dashboard code):
/// after the gateway is killed and restarted on the same port, Chromium reconnects by itself with
/// Last-Event-ID and gets exactly the missed updates from the silos' stream buffers.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class EventSourceResumeTests(DashboardFixture fixture)
{
    private static readonly Dictionary<string, string> s_hostA = new() { ["host"] = "a" };

    private const string Summary = "() => window.events.map(e => e.type + '#' + e.data.seq + ' (' + e.data.data.series.map(s => s.count).join('/') + ')').join(' ')";

    [Fact]
    public async Task NativeEventSource_AfterGatewayCrashAndRestart_ResumesWithEveryMissedUpdateOnce()
    {
        const string Metric = "browser.eventsource-resume";
        const string Topic = "metric:" + Metric;
        await using var watched = await fixture.Cluster.StartGatewayAsync("watched gateway");
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 30;
        await fixture.Api.IngestAsync(Metric, s_hostA, [new(start, 1)]);

        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        // A blank page of the gateway's origin: the stream is same-origin, as the dashboard's.
        await page.GotoAsync(new Uri(watched.BaseAddress, "/healthz").ToString());
        await page.EvaluateAsync("""
            topic => {
              window.events = [];
              window.errors = 0;
              window.states = [];
              const source = new EventSource('/api/v1/stream?topic=' + encodeURIComponent(topic));
              for (const type of ['snapshot', 'update', 'reset', 'disconnect']) {
                source.addEventListener(type, e => window.events.push({ type, id: e.lastEventId, data: JSON.parse(e.data) }));
              }
              source.onerror = () => { window.errors++; window.states.push(source.readyState); };
              window.source = source;
            }
            """, Topic);
        await page.WaitForFunctionAsync("() => window.events.length === 1", null, new() { Timeout = 15_000 });
        await fixture.Api.IngestAsync(Metric, s_hostA, [new(start + 1, 2)]);
        await page.WaitForFunctionAsync("() => window.events.length === 2", null, new() { Timeout = 15_000 });

        await watched.KillAsync();
        await page.WaitForFunctionAsync("() => window.errors > 0", null, new() { Timeout = 15_000 });
        await fixture.Api.IngestAsync(Metric, s_hostA, [new(start + 2, 3)]);
        await fixture.Api.IngestAsync(Metric, s_hostA, [new(start + 3, 4)]);
        await watched.StartAsync();
        await fixture.Api.IngestAsync(Metric, s_hostA, [new(start + 4, 5)]);

        // Waited for by content, not by a count of events: the grain publishes at most one item per
        // PublishInterval (50 ms), carrying every change since the last, so points ingested back to back
        // (3 and 4 here, or 4 and 5 when the gateway restarts quickly) may arrive as one update. Every
        // update carries the series' count in full; 5 means the client holds every point.
        try
        {
            await page.WaitForFunctionAsync("() => window.events.some(e => e.data.data.series.some(s => s.count === 5))", null, new() { Timeout = 20_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail("Within 20 s of the restart the EventSource did not get the updates carrying the 3 points ingested after the crash (2 while down, 1 after the restart). " +
                "It got (type#seq, series count): " + await page.EvaluateAsync<string>(Summary) +
                "; readyState at each error (0 connecting, 2 closed): " + await page.EvaluateAsync<string>("() => window.states.join(' ')") +
                "; readyState now: " + await page.EvaluateAsync<int>("() => window.source.readyState"));
        }

        var events = JsonSerializer.Deserialize<JsonElement>(await page.EvaluateAsync<string>("() => JSON.stringify(window.events)"));
        var summary = await page.EvaluateAsync<string>(Summary);
        Assert.Equal("snapshot", events[0].GetProperty("type").GetString());
        var seqs = events.EnumerateArray().Select(e => e.GetProperty("data").GetProperty("seq").GetInt64()).ToArray();
        Assert.True(events.EnumerateArray().Skip(1).All(e => e.GetProperty("type").GetString() == "update"), $"Expected a snapshot then updates only; got {summary}");
        Assert.True(seqs.Zip(seqs.Skip(1)).All(p => p.Second == p.First + 1), $"Expected consecutive seqs; got {summary}");
        var counts = events.EnumerateArray().Select(e => e.GetProperty("data").GetProperty("data").GetProperty("series")[0].GetProperty("count").GetInt64()).ToArray();
        Assert.True(counts.Zip(counts.Skip(1)).All(p => p.Second >= p.First), $"Expected no update to take points away; got {summary}");
        Assert.Equal(5, counts[^1]);
        Assert.Equal(5, events[events.GetArrayLength() - 1].GetProperty("data").GetProperty("data").GetProperty("series")[0].GetProperty("last").GetDouble());
    }
}
