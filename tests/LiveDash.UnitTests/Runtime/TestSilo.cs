using LiveDash.Runtime;
using LiveDash.Runtime.Activation;
using LiveDash.Runtime.Hosting;
using LiveDash.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiveDash.UnitTests.Runtime;

/// <summary>A silo in a generic host, in memory, for runtime unit tests; optionally on a manual clock.</summary>
internal sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private TestSilo(IHost host)
    {
        _host = host;
    }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory GrainFactory => Services.GetRequiredService<IGrainFactory>();

    public GrainProbe Probe => Services.GetRequiredService<GrainProbe>();

    internal Catalog Catalog => Services.GetRequiredService<Catalog>();

    public static async Task<TestSilo> StartAsync(ManualTimeProvider? time = null, Action<ISiloBuilder>? configure = null)
    {
        var builder = new HostBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .ConfigureServices(services =>
            {
                services.AddSingleton<GrainProbe>();
                if (time is not null)
                {
                    services.AddSingleton<TimeProvider>(time);
                }
            })
            .UseLiveDashSilo(silo =>
            {
                silo.AddGrains(typeof(TestSilo).Assembly);
                configure?.Invoke(silo);
            });
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
