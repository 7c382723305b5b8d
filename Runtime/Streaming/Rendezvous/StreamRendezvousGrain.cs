using LiveDash.Runtime.Streaming.Delivery;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Streaming.Rendezvous;

/// <summary>
/// Carries one stream (see <see cref="IStreamRendezvousGrain"/>). Placed with the grain named like the
/// stream (<see cref="StreamGrainIds.PlacedWith"/>), so that grain publishes without a network hop.
/// </summary>
/// <remarks>
/// The state is deliberately in memory only: the epoch is this activation, and a new activation (after
/// a crash, a move or idle collection) starts a new epoch, which tells subscribers to reload a snapshot
/// instead of trusting a history the stream no longer has. Leases keep the activation alive: every
/// subscribed node renews within <see cref="StreamOptions.LeaseRenewalPeriod"/>, far inside the idle
/// collection age.
/// </remarks>
[GrainType(StreamGrainIds.RendezvousGrainType)]
internal sealed class StreamRendezvousGrain : Grain, IStreamRendezvousGrain
{
    /// <summary>Most items one catch-up answer carries, so an answer stays a modest frame; the subscriber asks again for more.</summary>
    public const int MaxItemsPerCatchUp = 256;

    private readonly StreamItemSender _sender;
    private readonly StreamOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Lease> _leases = new(StringComparer.Ordinal);
    private readonly List<string> _expired = [];
    private ReplayBuffer _buffer = null!;
    private StreamId _streamId;
    private long _epoch;
    private long _sequence;

    /// <summary>Created by the runtime.</summary>
    public StreamRendezvousGrain(StreamItemSender sender, IOptions<StreamOptions> options, TimeProvider time, ILogger<StreamRendezvousGrain> logger)
    {
        _sender = sender;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    private StreamSequenceToken Position => new(_epoch, _sequence);

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _streamId = StreamId.Parse(GetPrimaryKeyString());
        _epoch = StreamEpochs.Next(_time);
        _buffer = new ReplayBuffer(_options.ReplayBufferCount, (long)(_options.ReplayBufferAge.TotalSeconds * _time.TimestampFrequency));
        StreamLog.EpochStarted(_logger, _streamId, _epoch);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<StreamSequenceToken> PublishAsync(byte[] payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var now = _time.GetTimestamp();
        _sequence++;
        _buffer.Trim(now);
        _buffer.Add(_sequence, payload, now);

        if (_leases.Count > 0)
        {
            var body = StreamItemFrame.Encode(_epoch, payload);
            foreach (var (node, lease) in _leases)
            {
                if (now > lease.ExpiresAt)
                {
                    _expired.Add(node);
                    continue;
                }

                _sender.Send(node, GrainId, _sequence, _epoch, body);
            }

            RemoveExpiredLeases();
        }

        return Task.FromResult(Position);
    }

    /// <inheritdoc />
    public Task<StreamSequenceToken> GetPositionAsync(CancellationToken cancellationToken = default) => Task.FromResult(Position);

    /// <inheritdoc />
    public Task<StreamCatchUp> SubscribeAsync(string node, long lease, StreamSequenceToken? from, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        var now = _time.GetTimestamp();
        _leases[node] = new Lease(lease, now + (long)(_options.LeaseDuration.TotalSeconds * _time.TimestampFrequency));
        return Task.FromResult(CatchUp(from, now));
    }

    /// <inheritdoc />
    public Task UnsubscribeAsync(string node, long lease, CancellationToken cancellationToken = default)
    {
        if (_leases.TryGetValue(node, out var held) && held.Id == lease)
        {
            _leases.Remove(node);
        }

        return Task.CompletedTask;
    }

    private StreamCatchUp CatchUp(StreamSequenceToken? from, long now)
    {
        if (from is not { } held || held.Sequence == _sequence && held.Epoch == _epoch)
        {
            return new StreamCatchUp(Position, Reset: null, []);
        }

        // A position ahead of this epoch's newest can only come from another incarnation.
        if (held.Epoch != _epoch || held.Sequence > _sequence)
        {
            return new StreamCatchUp(Position, StreamResetReason.EpochChanged, []);
        }

        _buffer.Trim(now);
        var items = new List<StreamReplayItem>(Math.Min(MaxItemsPerCatchUp, (int)Math.Min(int.MaxValue, _sequence - held.Sequence)));
        return _buffer.TryRead(held.Sequence, _sequence, MaxItemsPerCatchUp, items)
            ? new StreamCatchUp(Position, Reset: null, items)
            : new StreamCatchUp(Position, StreamResetReason.TooOld, []);
    }

    private void RemoveExpiredLeases()
    {
        foreach (var node in _expired)
        {
            _leases.Remove(node);
            StreamLog.LeaseExpired(_logger, _streamId, node);
        }

        _expired.Clear();
    }

    /// <summary>A node's lease: which of its subscriptions holds it, and until when (timestamp ticks).</summary>
    private readonly record struct Lease(long Id, long ExpiresAt);
}
