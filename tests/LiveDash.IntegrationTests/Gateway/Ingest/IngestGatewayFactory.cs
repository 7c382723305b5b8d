using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LiveDash.Grains;
using LiveDash.Runtime;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDash.IntegrationTests.Gateway.Ingest;

/// <summary>
/// The gateway in memory (<see cref="WebApplicationFactory{TEntryPoint}"/>): local mode, a co-hosted silo
/// on a free port with memory storage, the rate limit off unless a test sets it.
/// </summary>
public sealed class IngestGatewayFactory : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string> _settings;

    public IngestGatewayFactory()
    {
        _settings = new Dictionary<string, string>();
    }

    /// <summary>A gateway with extra settings (<c>UseSetting</c>); not a fixture constructor.</summary>
    public static IngestGatewayFactory With(IReadOnlyDictionary<string, string> settings) => new(settings);

    private IngestGatewayFactory(IReadOnlyDictionary<string, string> settings)
    {
        _settings = settings;
    }

    /// <summary>The gateway's grain client, to check grain state behind the API.</summary>
    public IClusterClient Grains => Services.GetRequiredService<IClusterClient>();

    /// <summary>The gateway's clock, Unix milliseconds.</summary>
    public static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent LinesBody(string lines) => new(lines, Encoding.UTF8, "text/plain");

    /// <summary>A body sent chunked: no Content-Length.</summary>
    public static HttpContent Chunked(byte[] body, string contentType)
    {
        var content = new StreamContent(new NonSeekableStream(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        return document.RootElement.Clone();
    }

    /// <summary>The metric's series as the grain holds them.</summary>
    public async Task<IReadOnlyList<SeriesSnapshot>> SeriesAsync(string metric)
        => (await Grains.GetGrain<IMetricGrain>(metric).GetSnapshotAsync()).Data.Series;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("LiveDash:Storage:Provider", "memory");
        builder.UseSetting("LiveDash:Silo:Port", "0");
        builder.UseSetting("LiveDash:Gateway:Ingest:RequestsPerSecondPerKey", "0");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // The gateway's own metric topics would show up in topic lists and counts the tests make.
        builder.UseSetting("LiveDash:Gateway:SelfMetrics:Enabled", "false");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
