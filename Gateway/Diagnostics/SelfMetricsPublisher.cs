using LiveDash.Grains;
using LiveDash.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Diagnostics;

/// <summary>
/// Writes the gateway's own figures (<see cref="GatewayMetrics"/>) as <c>metric:livedash.gateway.*</c> topics
/// every <see cref="SelfMetricsOptions.Interval"/>, through the metric grains like any producer, so the
/// dashboard shows the gateways' health beside the data they serve. Series and tags: <see cref="SelfMetricsBatches"/>.
/// </summary>
/// <remarks>
/// The first tick runs once the host has started (the default gateway name needs the bound port) and only
/// sets the rates' baseline besides writing connection counts. A tick is skipped while the gateway is not
/// ready (a cluster client still looking for silos). Failures are logged and never stop the loop; the first
/// of a run at Warning, the rest at Debug, so a long cluster outage does not flood the log.
/// </remarks>
internal sealed class SelfMetricsPublisher : BackgroundService
{
    private readonly GatewayMetrics _metrics;
    private readonly IGrainFactory _grains;
    private readonly GatewayIdentity _identity;
    private readonly GatewayReadiness _readiness;
    private readonly SelfMetricsOptions _options;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;
    private readonly SelfMetricsSampler _sampler;
    private int _failedTicks;

    public SelfMetricsPublisher(
        GatewayMetrics metrics,
        IGrainFactory grains,
        GatewayIdentity identity,
        GatewayReadiness readiness,
        IOptions<SelfMetricsOptions> options,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILogger<SelfMetricsPublisher> logger)
    {
        _metrics = metrics;
        _grains = grains;
        _identity = identity;
        _readiness = readiness;
        _options = options.Value;
        _time = time;
        _lifetime = lifetime;
        _logger = logger;
        _sampler = new SelfMetricsSampler(time);
    }

    /// <summary>
    /// One tick: samples the figures and, when the gateway is ready, writes them. Ticks must not overlap
    /// (the loop awaits each one).
    /// </summary>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>How many metrics were written (-1 when the tick was skipped because the gateway is not ready).</returns>
    public async Task<int> PublishAsync(CancellationToken cancellationToken)
    {
        var reading = _sampler.Sample(_metrics.Snapshot());
        var readiness = _readiness.Check();
        if (!readiness.IsReady)
        {
            DiagnosticsLog.SelfMetricsSkipped(_logger, readiness.Detail);
            return -1;
        }

        var writes = SelfMetricsBatches.Build(_identity.Name, reading, _time.GetUtcNow().ToUnixTimeMilliseconds());
        var results = await Task.WhenAll(writes.Select(w => WriteAsync(w, cancellationToken)));
        var failures = results.Where(e => e is not null).ToArray();
        if (failures.Length == 0)
        {
            if (_failedTicks > 0)
            {
                DiagnosticsLog.SelfMetricsRecovered(_logger, _failedTicks);
                _failedTicks = 0;
            }

            return writes.Count;
        }

        if (_failedTicks++ == 0)
        {
            DiagnosticsLog.SelfMetricsFailing(_logger, failures[0]!, failures.Length, writes.Count, _options.Interval);
        }
        else
        {
            DiagnosticsLog.SelfMetricsStillFailing(_logger, failures[0]!, failures.Length, writes.Count);
        }

        return writes.Count - failures.Length;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            DiagnosticsLog.SelfMetricsDisabled(_logger, SelfMetricsOptions.SectionName + ":Enabled");
            return;
        }

        try
        {
            await WhenStartedAsync(stoppingToken);
            using var timer = new PeriodicTimer(_options.Interval, _time);
            do
            {
                await TickAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        try
        {
            await PublishAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // A bug here must not end the gateway's self-metrics for good: count it like a failed write.
            if (_failedTicks++ == 0)
            {
                DiagnosticsLog.SelfMetricsFailing(_logger, exception, 1, 1, _options.Interval);
            }
            else
            {
                DiagnosticsLog.SelfMetricsStillFailing(_logger, exception, 1, 1);
            }
        }
    }

    private async Task<Exception?> WriteAsync(SelfMetricWrite write, CancellationToken cancellationToken)
    {
        try
        {
            await _grains.GetGrain<IMetricGrain>(write.Metric).RecordAsync(write.Batch, cancellationToken);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return exception;
        }
    }

    private async Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = _lifetime.ApplicationStarted.Register(static s => ((TaskCompletionSource)s!).TrySetResult(), started);
        await started.Task.WaitAsync(stoppingToken);
    }
}
