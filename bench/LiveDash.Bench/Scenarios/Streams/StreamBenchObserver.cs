using System.Diagnostics;
using LiveDash.Bench.Measuring;
using LiveDash.Runtime.Streaming;

namespace LiveDash.Bench.Scenarios.Streams;

/// <summary>
/// The one observer of the bench stream on one subscribing node. It checks that items come exactly once
/// and in order (sequence = previous + 1 in one epoch, payload numbered like its position), counts and
/// times the items it handles in the timed phase (publish→handler, from the timestamp the item carries),
/// and tells the waiting worker's slot. Anything else — a gap, a repeat, a reset, a lost
/// subscription — is recorded as <see cref="Failure"/> and fails every waiting worker, so the scenario
/// stops with the reason instead of measuring a broken stream.
/// </summary>
/// <remarks>The runtime never overlaps calls to one observer, so its counters need no lock; they are read after the measurement.</remarks>
internal sealed class StreamBenchObserver : IStreamObserver<StreamBenchItem>
{
    private readonly DeliverySlots _slots;
    private int _phase = (int)MeasurementPhase.WarmUp;
    private long _epoch;
    private long _lastSequence;
    private string? _failure;

    public StreamBenchObserver(string node, DeliverySlots slots)
    {
        Node = node;
        _slots = slots;
    }

    /// <summary>The subscribing node, for the table and for messages.</summary>
    public string Node { get; }

    /// <summary>Publish→handler latency of the items handled in the timed phase.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Items handled in the timed phase.</summary>
    public long TimedItems { get; private set; }

    /// <summary>Items handled since subscribing.</summary>
    public long Items => Volatile.Read(ref _lastSequence);

    /// <summary>What went wrong first, or null.</summary>
    public string? Failure => Volatile.Read(ref _failure);

    public void SetPhase(MeasurementPhase phase) => Volatile.Write(ref _phase, (int)phase);

    /// <summary>Fails every waiting worker with <paramref name="reason"/> (and records it when nothing failed before).</summary>
    public void Fail(string reason)
    {
        Interlocked.CompareExchange(ref _failure, reason, null);
        _slots.FailAll(new InvalidOperationException(Failure));
    }

    public Task OnNextAsync(StreamBenchItem item, StreamSequenceToken token)
    {
        var now = Stopwatch.GetTimestamp();
        if (_epoch == 0)
        {
            _epoch = token.Epoch;
        }

        if (token.Epoch != _epoch || token.Sequence != _lastSequence + 1 || item.Number != token.Sequence)
        {
            Fail($"{Node} received item {item.Number} at {token} after {_epoch}:{_lastSequence}: expected item {_lastSequence + 1} at {_epoch}:{_lastSequence + 1}.");
        }

        Volatile.Write(ref _lastSequence, token.Sequence);
        if (Volatile.Read(ref _phase) == (int)MeasurementPhase.Timed)
        {
            Latency.Record(now - item.PublishedTicks);
            TimedItems++;
        }

        // Checked: a corrupt slot number must fail the run, not throw into the runtime's delivery loop.
        if ((uint)item.Slot < (uint)_slots.Count)
        {
            _slots.Handled(item.Slot);
        }
        else
        {
            Fail($"{Node} received item {item.Number} for slot {item.Slot}; there are {_slots.Count} slots.");
        }

        return Task.CompletedTask;
    }

    public Task OnResetAsync(StreamReset reset)
    {
        Fail($"{Node} got a reset ({reset.Reason}) from {reset.Previous} to {reset.Position}: items were skipped.");
        return Task.CompletedTask;
    }

    public Task OnSubscriptionLostAsync(Exception reason)
    {
        Fail($"{Node} lost its subscription: {reason.Message}");
        return Task.CompletedTask;
    }
}
