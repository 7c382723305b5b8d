using LiveDash.Runtime;
using LiveDash.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiveDash.Bench.Scenarios.Calls;

/// <summary>
/// In-silo grain calls: every caller calls the one activation of <see cref="CallBenchGrain"/>
/// through its proxy, so each call goes through the dispatcher, the deadline tracker, the
/// activation's mailbox and a turn on its scheduler.
/// </summary>
internal sealed class GrainCallVariant : ICallVariant
{
    public string Name => "grain";

    public bool IsBaseline => false;

    public async Task<ICallTarget> StartAsync(CancellationToken cancellationToken)
    {
        var host = new HostBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .UseLiveDashSilo(silo => silo.AddGrain<CallBenchGrain>())
            .Build();
        await host.StartAsync(cancellationToken);
        var grain = host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICallBenchGrain>("bench");
        return new Target(host, grain);
    }

    private sealed class Target : ICallTarget
    {
        private readonly IHost _host;
        private readonly ICallBenchGrain _grain;

        public Target(IHost host, ICallBenchGrain grain)
        {
            _host = host;
            _grain = grain;
        }

        public ValueTask<int> CallAsync(int argument) => new(_grain.AddOneAsync(argument));

        public async ValueTask DisposeAsync()
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }
}
