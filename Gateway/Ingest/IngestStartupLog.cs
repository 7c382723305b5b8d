using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Ingest;

/// <summary>Logs the effective ingest limits once at start (after they were validated).</summary>
internal sealed class IngestStartupLog : IHostedService
{
    private readonly IngestOptions _options;
    private readonly ILogger _logger;

    public IngestStartupLog(IOptions<IngestOptions> options, ILogger<IngestStartupLog> logger)
    {
        _options = options.Value;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        IngestLog.Started(_logger, _options.MaxBodyBytes, _options.MaxPointsPerBatch, _options.RequestsPerSecondPerKey, _options.BurstRequestsPerKey);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
