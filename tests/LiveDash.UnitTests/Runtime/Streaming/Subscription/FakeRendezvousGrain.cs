using System.Text;
using LiveDash.Runtime.Streaming;
using LiveDash.Runtime.Streaming.Rendezvous;

namespace LiveDash.UnitTests.Runtime.Streaming.Subscription;

/// <summary>
/// Stands in for a stream's rendezvous grain. It models the real one — an epoch, the items published in
/// it (integers, JSON-serialised), a replay window, a page size, the leases — and answers subscriptions
/// the same way, unless the test scripts an answer or a failure. Every call is recorded.
/// </summary>
internal sealed class FakeRendezvousGrain : IStreamRendezvousGrain
{
    private readonly Lock _lock = new();
    private readonly ChangeSignal _changed = new();
    private readonly List<byte[]> _published = [];
    private readonly List<StreamSequenceToken?> _subscribeCalls = [];
    private readonly Queue<Func<StreamSequenceToken?, StreamCatchUp>> _scripted = new();
    private readonly HashSet<string> _leases = new(StringComparer.Ordinal);
    private long _epoch;
    private long _oldestKept = 1;
    private int _unsubscribeCalls;

    public FakeRendezvousGrain(long epoch)
    {
        _epoch = epoch;
    }

    public long Epoch
    {
        get
        {
            lock (_lock)
            {
                return _epoch;
            }
        }
    }

    public StreamSequenceToken Position
    {
        get
        {
            lock (_lock)
            {
                return new StreamSequenceToken(_epoch, _published.Count);
            }
        }
    }

    /// <summary>Most items one answer carries (the real grain's is 256).</summary>
    public int PageSize { get; set; } = StreamRendezvousGrain.MaxItemsPerCatchUp;

    /// <summary>While set, every subscription or renewal fails with it.</summary>
    public Exception? FailWith { get; set; }

    /// <summary>While set, answers wait for it (the call is recorded and the lease taken first).</summary>
    public Task? AnswerGate { get; set; }

    public IReadOnlyList<StreamSequenceToken?> SubscribeCalls
    {
        get
        {
            lock (_lock)
            {
                return [.. _subscribeCalls];
            }
        }
    }

    public int UnsubscribeCalls
    {
        get
        {
            lock (_lock)
            {
                return _unsubscribeCalls;
            }
        }
    }

    public IReadOnlyCollection<string> Leases
    {
        get
        {
            lock (_lock)
            {
                return [.. _leases];
            }
        }
    }

    public static byte[] Serialize(int value) => Encoding.UTF8.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Publishes <paramref name="value"/> in the current epoch and returns its position; delivering it is the test's job.</summary>
    public StreamSequenceToken Publish(int value)
    {
        lock (_lock)
        {
            _published.Add(Serialize(value));
            return new StreamSequenceToken(_epoch, _published.Count);
        }
    }

    /// <summary>The payload published at <paramref name="token"/>.</summary>
    public byte[] PayloadAt(StreamSequenceToken token)
    {
        lock (_lock)
        {
            if (token.Epoch != _epoch)
            {
                throw new InvalidOperationException($"{token} is not in the current epoch {_epoch}.");
            }

            return _published[(int)token.Sequence - 1];
        }
    }

    /// <summary>Items before <paramref name="sequence"/> fall out of the replay window.</summary>
    public void ForgetBefore(long sequence)
    {
        lock (_lock)
        {
            _oldestKept = sequence;
        }
    }

    /// <summary>A new activation: a new epoch with nothing published and nothing to replay.</summary>
    public void Reactivate(long epoch)
    {
        lock (_lock)
        {
            _epoch = epoch;
            _published.Clear();
            _oldestKept = 1;
        }
    }

    /// <summary>The next subscription or renewal is answered by <paramref name="answer"/> instead of the model.</summary>
    public void AnswerNext(Func<StreamSequenceToken?, StreamCatchUp> answer)
    {
        lock (_lock)
        {
            _scripted.Enqueue(answer);
        }
    }

    public Task WaitForSubscribeCallsAsync(int count)
        => _changed.WaitUntilAsync(
            () => SubscribeCalls.Count >= count,
            () => $"expected {count} subscribe calls on the rendezvous grain; it had {SubscribeCalls.Count}: [{string.Join(", ", SubscribeCalls)}].");

    public Task WaitForUnsubscribeCallsAsync(int count)
        => _changed.WaitUntilAsync(
            () => UnsubscribeCalls >= count,
            () => $"expected {count} unsubscribe calls on the rendezvous grain; it had {UnsubscribeCalls}.");

    public Task<StreamSequenceToken> PublishAsync(byte[] payload, CancellationToken cancellationToken = default)
        => throw new NotSupportedException("Subscription tests publish through the fake's Publish.");

    public Task<StreamSequenceToken> GetPositionAsync(CancellationToken cancellationToken = default) => Task.FromResult(Position);

    public async Task<StreamCatchUp> SubscribeAsync(string node, long lease, StreamSequenceToken? from, CancellationToken cancellationToken = default)
    {
        Func<StreamSequenceToken?, StreamCatchUp>? scripted;
        Exception? failure;
        Task? gate;
        lock (_lock)
        {
            _subscribeCalls.Add(from);
            failure = FailWith;
            gate = AnswerGate;
            if (failure is null)
            {
                _leases.Add(node);
            }
        }

        _changed.Notify();
        if (failure is not null)
        {
            throw failure;
        }

        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken);
        }

        lock (_lock)
        {
            scripted = _scripted.Count > 0 ? _scripted.Dequeue() : null;
        }

        return scripted?.Invoke(from) ?? Answer(from);
    }

    public Task UnsubscribeAsync(string node, long lease, CancellationToken cancellationToken = default)
    {
        // Counted with the lease removal, so a test that saw the call sees its effect.
        lock (_lock)
        {
            _unsubscribeCalls++;
            _leases.Remove(node);
        }

        _changed.Notify();
        return Task.CompletedTask;
    }

    /// <summary>What the real grain answers (see <c>StreamRendezvousGrain.CatchUp</c>).</summary>
    private StreamCatchUp Answer(StreamSequenceToken? from)
    {
        lock (_lock)
        {
            var position = new StreamSequenceToken(_epoch, _published.Count);
            if (from is not { } held || held == position)
            {
                return new StreamCatchUp(position, Reset: null, []);
            }

            if (held.Epoch != _epoch || held.Sequence > position.Sequence)
            {
                return new StreamCatchUp(position, StreamResetReason.EpochChanged, []);
            }

            if (held.Sequence + 1 < _oldestKept)
            {
                return new StreamCatchUp(position, StreamResetReason.TooOld, []);
            }

            var items = new List<StreamReplayItem>();
            for (var sequence = held.Sequence + 1; sequence <= position.Sequence && items.Count < PageSize; sequence++)
            {
                items.Add(new StreamReplayItem(sequence, _published[(int)sequence - 1]));
            }

            return new StreamCatchUp(position, Reset: null, items);
        }
    }
}
