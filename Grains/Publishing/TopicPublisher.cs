using LiveDash.Runtime;
using LiveDash.Runtime.Streaming;
using Microsoft.Extensions.Logging;

namespace LiveDash.Grains.Publishing;

/// <summary>
/// Publishes a grain's topic changes on its stream, coalesced: at most one item per
/// <see cref="StreamOptions.PublishInterval"/>, carrying every change since the last. The first change
/// after a quiet interval goes out at once (a timer turn later, so the write that caused it is not held
/// up); changes inside the interval wait for its end and go out as one item. Used from the grain's turns
/// only.
/// </summary>
/// <remarks>
/// A delta that cannot be published (the stream's silo is unreachable while the cluster view changes)
/// is kept and published first next time, so subscribers never miss one silently; deltas are bounded
/// by <see cref="MaxUnpublished"/>.
/// </remarks>
/// <typeparam name="TDelta">The topic's item type.</typeparam>
internal sealed class TopicPublisher<TDelta>
    where TDelta : class
{
    /// <summary>Most deltas kept while the stream is unreachable (at 50 ms, over 8 minutes of changes).</summary>
    public const int MaxUnpublished = 10_000;

    private readonly IAsyncStream<TDelta> _stream;
    private readonly Func<TDelta?> _takeDelta;
    private readonly Func<TimeSpan?> _nextTimeOnlyChange;
    private readonly Func<Func<CancellationToken, Task>, TimeSpan, IGrainTimer> _createTimer;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Queue<TDelta> _unpublished = new();
    private IGrainTimer? _timer;
    private long _lastPublishTimestamp;
    private TimeSpan? _scheduledIn;
    private long _scheduledAt;

    /// <param name="stream">The topic's stream.</param>
    /// <param name="takeDelta">Returns the changes since the previous call (null when none) and forgets them.</param>
    /// <param name="nextTimeOnlyChange">
    /// After a publish: when values next change with time alone (a rate decaying, a window sliding), or
    /// null when they cannot; a publish is scheduled then.
    /// </param>
    /// <param name="createTimer">Registers a one-shot grain timer with the given due time.</param>
    /// <param name="interval">The publish interval.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">For publishes that fail.</param>
    public TopicPublisher(
        IAsyncStream<TDelta> stream,
        Func<TDelta?> takeDelta,
        Func<TimeSpan?> nextTimeOnlyChange,
        Func<Func<CancellationToken, Task>, TimeSpan, IGrainTimer> createTimer,
        TimeSpan interval,
        TimeProvider time,
        ILogger logger)
    {
        _stream = stream;
        _takeDelta = takeDelta;
        _nextTimeOnlyChange = nextTimeOnlyChange;
        _createTimer = createTimer;
        _interval = interval;
        _time = time;
        _logger = logger;
        _lastPublishTimestamp = time.GetTimestamp() - (long)(interval.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>Records that the state changed: a publish is scheduled for the end of the current interval (now, when it has passed).</summary>
    public void OnChanged()
    {
        var elapsed = _time.GetElapsedTime(_lastPublishTimestamp);
        ScheduleIn(elapsed >= _interval ? TimeSpan.Zero : _interval - elapsed);
    }

    /// <summary>Publishes what is pending now (a grain calls this before it deactivates).</summary>
    /// <param name="cancellationToken">Abandons the wait.</param>
    /// <returns>A task that completes when the pending deltas are published or kept for later.</returns>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        _scheduledIn = null;
        if (_takeDelta() is { } delta)
        {
            if (_unpublished.Count == MaxUnpublished)
            {
                PublishingLog.PublishBacklogFull(_logger, _stream.StreamId, MaxUnpublished);
                _unpublished.Dequeue();
            }

            _unpublished.Enqueue(delta);
        }

        while (_unpublished.TryPeek(out var next))
        {
            try
            {
                await _stream.OnNextAsync(next, cancellationToken);
            }
            catch (Exception exception)
            {
                PublishingLog.PublishFailed(_logger, exception, _stream.StreamId, _unpublished.Count);
                ScheduleIn(_interval);
                return;
            }

            _unpublished.Dequeue();
            _lastPublishTimestamp = _time.GetTimestamp();
        }

        if (_nextTimeOnlyChange() is { } timeOnly)
        {
            ScheduleIn(timeOnly < _interval ? _interval : timeOnly);
        }
    }

    /// <summary>
    /// Publishes what is pending when the grain's activation ends idle (its stream lives on, kept by its
    /// subscribers' leases). Not when it moves or the silo stops: then the stream moves too, starts a
    /// new epoch, and subscribers reload a snapshot of the stored state.
    /// </summary>
    /// <param name="reason">Why the activation ends.</param>
    /// <param name="cancellationToken">Abandons the wait.</param>
    /// <returns>A task that completes when the pending deltas are published, kept, or not needed.</returns>
    public Task PublishBeforeDeactivationAsync(DeactivationReason reason, CancellationToken cancellationToken)
        => reason.Code is DeactivationReasonCode.ActivationIdle or DeactivationReasonCode.ApplicationRequested
            ? FlushAsync(cancellationToken)
            : Task.CompletedTask;

    private void ScheduleIn(TimeSpan due)
    {
        // A publish already due sooner covers this one.
        if (_scheduledIn is { } scheduled && _time.GetElapsedTime(_scheduledAt) + due >= scheduled)
        {
            return;
        }

        _scheduledIn = due;
        _scheduledAt = _time.GetTimestamp();
        if (_timer is null)
        {
            _timer = _createTimer(FlushAsync, due);
        }
        else
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }
}
