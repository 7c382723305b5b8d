using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Activation;

/// <summary>
/// Deactivates activations that served no call for <see cref="GrainCollectionOptions.CollectionAge"/>,
/// checking every <see cref="GrainCollectionOptions.CollectionScanPeriod"/>. Driven by the injected
/// <see cref="TimeProvider"/>, so tests move time instead of sleeping.
/// </summary>
internal sealed class ActivationCollector : IDisposable
{
    private readonly Catalog _catalog;
    private readonly TimeProvider _time;
    private readonly GrainCollectionOptions _options;
    private readonly ILogger<ActivationCollector> _logger;
    private ITimer? _timer;

    public ActivationCollector(Catalog catalog, TimeProvider time, IOptions<GrainCollectionOptions> options, ILogger<ActivationCollector> logger)
    {
        _catalog = catalog;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    public void Start()
        => _timer = _time.CreateTimer(static s => ((ActivationCollector)s!).CollectIdle(), this, _options.CollectionScanPeriod, _options.CollectionScanPeriod);

    /// <summary>Asks every activation idle for at least the collection age to deactivate.</summary>
    public void CollectIdle()
    {
        var cutoff = _time.GetTimestamp() - (long)(_options.CollectionAge.TotalSeconds * _time.TimestampFrequency);
        var reason = new DeactivationReason(DeactivationReasonCode.ActivationIdle, $"No call for {_options.CollectionAge}.");
        var count = 0;
        foreach (var activation in _catalog.Activations)
        {
            if (activation.IsIdleSince(cutoff))
            {
                _ = activation.RequestDeactivation(reason);
                count++;
            }
        }

        if (count > 0)
        {
            RuntimeLog.IdleCollectionRequested(_logger, count);
        }
    }

    public void Dispose() => _timer?.Dispose();
}
