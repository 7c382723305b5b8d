using System.Text.Json;
using LiveDash.Runtime.Activation;
using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Messaging;
using LiveDash.Runtime.Streaming;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Hosting;

/// <summary>
/// The silo as a hosted service: on start it builds the grain class map (failing fast on a bad
/// grain class), logs the effective options, starts idle collection and, in a cluster, joins it; on
/// stop it leaves the cluster (ShuttingDown), deactivates every activation so their state is
/// persisted, and only then writes itself Dead and closes its sockets.
/// </summary>
internal sealed class SiloHostedService : IHostedService
{
    private readonly Catalog _catalog;
    private readonly GrainClassRegistry _registry;
    private readonly ActivationCollector _collector;
    private readonly CallDeadlineTracker _deadlines;
    private readonly MessagingOptions _messaging;
    private readonly GrainCollectionOptions _collection;
    private readonly StreamOptions _streams;
    private readonly ILogger<SiloHostedService> _logger;
    private readonly SiloClusterService? _cluster;

    public SiloHostedService(
        Catalog catalog,
        GrainClassRegistry registry,
        ActivationCollector collector,
        CallDeadlineTracker deadlines,
        IOptions<MessagingOptions> messaging,
        IOptions<GrainCollectionOptions> collection,
        IOptions<StreamOptions> streams,
        ILogger<SiloHostedService> logger,
        SiloClusterService? cluster = null)
    {
        _cluster = cluster;
        _catalog = catalog;
        _registry = registry;
        _collector = collector;
        _deadlines = deadlines;
        _messaging = messaging.Value;
        _collection = collection.Value;
        _streams = streams.Value;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _collector.Start();
        LogStart();
        if (_cluster is not null)
        {
            await _cluster.StartAsync(cancellationToken);
        }
    }

    private void LogStart()
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var options = JsonSerializer.Serialize(new
        {
            Messaging = new { _messaging.ResponseTimeout, _messaging.DeadlineCheckInterval },
            GrainCollection = new { _collection.CollectionAge, _collection.CollectionScanPeriod, _collection.DeactivationTimeout },
            Streams = new
            {
                _streams.ReplayBufferCount,
                _streams.ReplayBufferAge,
                _streams.LeaseDuration,
                _streams.LeaseRenewalPeriod,
                _streams.MaxResubscribeBackoff,
                _streams.MaxQueuedItemsPerSubscription,
                _streams.PublishInterval,
            },
        });
        var types = string.Join(", ", _registry.Classes.Select(c => c.GrainType).Order(StringComparer.Ordinal));
#pragma warning disable CA1873 // Guarded by IsEnabled above; runs once at start.
        RuntimeLog.SiloStarted(_logger, _registry.Classes.Count(), types, options);
#pragma warning restore CA1873
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        RuntimeLog.SiloStopping(_logger, _catalog.Count);
        _collector.Dispose();
        try
        {
            if (_cluster is not null)
            {
                await _cluster.BeginStopAsync(cancellationToken);
            }

            // A killed silo's activations were dropped already: a crash persists nothing.
            if (_cluster is not { IsKilled: true })
            {
                await _catalog.DeactivateAllAsync(_collection.DeactivationTimeout);
            }

            if (_cluster is not null)
            {
                await _cluster.CompleteStopAsync(cancellationToken);
            }
        }
        finally
        {
            // Turns that outlived the deactivation timeout never answer, and the deadline scan stops
            // with the silo: tell their callers now rather than leave them waiting forever.
            _deadlines.FailAll(static request => new SiloUnavailableException(
                $"The silo stopped before call {request.Method.DisplayName} to {request.Target} completed."));
            _deadlines.Dispose();
        }
    }
}
