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
        try
        {
            await page.WaitForFunctionAsync("() => window.events.length >= 5", null, new() { Timeout = 20_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail("Within 20 s of the restart the EventSource did not get the 3 updates ingested after the crash (2 while down, 1 after the restart). " +
                "It got (type#seq): " + await page.EvaluateAsync<string>("() => window.events.map(e => e.type + '#' + e.data.seq).join(' ')") +
                "; readyState at each error (0 connecting, 2 closed): " + await page.EvaluateAsync<string>("() => window.states.join(' ')") +
                "; readyState now: " + await page.EvaluateAsync<int>("() => window.source.readyState"));
        }

        var events = JsonSerializer.Deserialize<JsonElement>(await page.EvaluateAsync<string>("() => JSON.stringify(window.events)"));
        var summary = string.Join(" ", events.EnumerateArray().Select(e => $"{e.GetProperty("type").GetString()}#{e.GetProperty("data").GetProperty("seq").GetInt64()}"));
        Assert.Equal("snapshot", events[0].GetProperty("type").GetString());
        var seqs = events.EnumerateArray().Select(e => e.GetProperty("data").GetProperty("seq").GetInt64()).ToArray();
        Assert.True(events.EnumerateArray().Skip(1).All(e => e.GetProperty("type").GetString() == "update"), $"Expected a snapshot then updates only; got {summary}");
        Assert.True(seqs.Zip(seqs.Skip(1)).All(p => p.Second == p.First + 1), $"Expected consecutive seqs; got {summary}");
        Assert.Equal(5, events.GetArrayLength());
    }
}
