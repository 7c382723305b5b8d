using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Transports.LongPolling;

/// <summary>Logs the effective <see cref="LongPollingOptions"/> once at start (after validation).</summary>
internal sealed class LongPollingOptionsLog(IOptions<LongPollingOptions> options, ILogger<LongPollingOptionsLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LongPollingLog.Started(logger, options.Value.HoldTimeout, options.Value.MaxEventsPerResponse);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
