using System.Net.Http.Headers;
using System.Text.Json;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway.Sse;

/// <summary>
/// One open <c>GET /api/v1/stream</c> as a test holds it: the response, an <see cref="SseEventReader"/> over its body,
/// and reads that fail with a message saying what was awaited instead of hanging.
/// </summary>
internal sealed class SseTestStream : IAsyncDisposable
{
    /// <summary>How long a test waits for the next item before failing.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private readonly Stream _body;

    private SseTestStream(HttpResponseMessage response, Stream body)
    {
        Response = response;
        _body = body;
        Reader = new SseEventReader(body);
    }

    public HttpResponseMessage Response { get; }

    public SseEventReader Reader { get; }

    /// <summary>The request URI of a stream of <paramref name="topics"/>.</summary>
    public static string PathFor(IEnumerable<string> topics, string? extraQuery = null)
        => "api/v1/stream?" + string.Join('&', topics.Select(t => "topic=" + Uri.EscapeDataString(t))) + (extraQuery is null ? string.Empty : "&" + extraQuery);

    /// <summary>Opens a stream; asserts a 200 <c>text/event-stream</c> answer.</summary>
    public static async Task<SseTestStream> OpenAsync(HttpClient client, IEnumerable<string> topics, string? lastEventId = null, string? extraQuery = null, Version? version = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, PathFor(topics, extraQuery));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        if (version is not null)
        {
            request.Version = version;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }

        using var timeout = new CancellationTokenSource(DefaultTimeout);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            response.Dispose();
            Assert.Fail($"Expected 200 from the stream, got {(int)response.StatusCode}: {body}");
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseTestStream(response, await response.Content.ReadAsStreamAsync(timeout.Token));
    }

    /// <summary>The next event, comment or retry; fails when none comes within <see cref="DefaultTimeout"/> or the stream ends.</summary>
    public Task<SseItem> NextItemAsync(string expectation) => NextAsync(expectation, eventsOnly: false);

    /// <summary>The next dispatched event, skipping comments; the timeout covers the whole wait, pings included.</summary>
    public async Task<SseEvent> NextEventAsync(string expectation) => (SseEvent)await NextAsync(expectation, eventsOnly: true);

    /// <summary>The next topic event (snapshot, update or reset); fails on a <c>disconnect</c>.</summary>
    public async Task<PushedEvent> NextTopicEventAsync(string expectation)
    {
        var sseEvent = await NextEventAsync(expectation);
        if (sseEvent.Type == "disconnect")
        {
            throw new InvalidOperationException($"The gateway disconnected ({sseEvent.Data}) while waiting for {expectation}.");
        }

        return PushedEvent.From(sseEvent);
    }

    /// <summary>The <c>data</c> of the next <c>disconnect</c> event, skipping topic events and comments.</summary>
    public async Task<JsonElement> NextDisconnectAsync()
    {
        while (true)
        {
            var sseEvent = await NextEventAsync("a disconnect event");
            if (sseEvent.Type == "disconnect")
            {
                using var document = JsonDocument.Parse(sseEvent.Data);
                return document.RootElement.Clone();
            }
        }
    }

    private async Task<SseItem> NextAsync(string expectation, bool eventsOnly)
    {
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        try
        {
            while (true)
            {
                var item = await Reader.ReadAsync(timeout.Token) ?? throw new InvalidOperationException($"The stream ended while waiting for {expectation}.");
                if (!eventsOnly || item is SseEvent)
                {
                    return item;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"Nothing {(eventsOnly ? "but comments " : string.Empty)}arrived within {DefaultTimeout.TotalSeconds:0} s while waiting for {expectation}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _body.DisposeAsync();
        Response.Dispose();
    }
}
