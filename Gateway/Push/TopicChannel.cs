using LiveDash.Grains;
using LiveDash.Runtime.Streaming;
using Microsoft.Extensions.Logging;

namespace LiveDash.Gateway.Push;

/// <summary>
/// One topic on one gateway: a single stream subscription however many connections follow it, the
/// topic's state with the items applied in order, and a replay ring of the recent updates, each
/// serialised once (<see cref="PushEvent"/>) and offered to every member.
/// </summary>
/// <remarks>
/// <para>Start: subscribe first, then load the snapshot; items that arrive in between wait in
/// <see cref="_pending"/> and those after the snapshot's position are applied, so nothing falls between
/// the two.</para>
/// <para>Stream calls come one at a time (the runtime's observer contract). A reset (new epoch, or items
/// too old to replay) reloads the snapshot inside that call, so later items wait and order holds;
/// members get <c>reset</c> (new epoch) and a snapshot with <c>"recovered":false</c>.</para>
/// <para>Locks: <see cref="_lock"/> guards state, ring and members; offering an event takes the
/// member's connection lock inside it. Nothing that waits runs under it.</para>
/// </remarks>
/// <typeparam name="TData">The topic's state.</typeparam>
/// <typeparam name="TDelta">The stream item.</typeparam>
internal sealed class TopicChannel<TData, TDelta> : ITopicChannel, IStreamObserver<TDelta>
    where TData : class
{
    private static readonly TimeSpan s_backfillTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan[] s_resyncBackoff = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(1)];
    private static readonly byte[] s_epochChangedData = """{"reason":"epoch_changed"}"""u8.ToArray();

    private readonly ITopicSource<TData, TDelta> _source;
    private readonly ITopicCodec<TData, TDelta> _codec;
    private readonly PushOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<ITopicChannel> _onRetired;
    private readonly Lock _lock = new();
    private readonly HashSet<TopicMembership> _members = [];
    private readonly List<(TDelta Item, StreamSequenceToken Position)> _pending = [];
    private readonly ReplayRing _ring;
    private Task<SubscribeStatus>? _start;
    private StreamSubscriptionHandle? _subscription;
    private TData? _data;
    private StreamSequenceToken _position;
    private PushEvent? _snapshot;
    private bool _started;
    private bool _retired;
    private ITimer? _idleTimer;

    public TopicChannel(Topic topic, ITopicSource<TData, TDelta> source, ITopicCodec<TData, TDelta> codec, PushOptions options, TimeProvider time, ILogger logger, Action<ITopicChannel> onRetired)
    {
        Topic = topic;
        _source = source;
        _codec = codec;
        _options = options;
        _time = time;
        _logger = logger;
        _onRetired = onRetired;
        _ring = new ReplayRing(options.ReplayBufferCount, options.ReplayBufferAge, time);
    }

    public Topic Topic { get; }

    public Task<SubscribeStatus> StartAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // Started on the thread pool: the source may call back into this channel (its lock) at once.
            _start ??= Task.Run(StartCoreAsync, CancellationToken.None);
            return _start.WaitAsync(cancellationToken);
        }
    }

    public async Task<bool> AttachAsync(TopicMembership member, StreamSequenceToken? from, CancellationToken cancellationToken)
    {
        var fetched = await BackfillIfNeededAsync(from, cancellationToken).ConfigureAwait(false);
        var initial = new List<PushEvent>();
        lock (_lock)
        {
            if (_retired)
            {
                return false;
            }

            _members.Add(member);
            _idleTimer?.Dispose();
            _idleTimer = null;
            if (from is not { } position)
            {
                initial.Add(SnapshotLocked(recovered: true));
            }
            else if (position.Epoch == _position.Epoch && position.Sequence > _position.Sequence
                     && position.Sequence - _position.Sequence <= _options.ReplayBufferCount)
            {
                // The client comes from a gateway that is slightly ahead: it holds these items already;
                // what follows is sent once this gateway has it.
                member.Connection.HoldsPosition(member, position);
            }
            else if (_ring.TryCopyAfter(position, _position, initial) || TryUseFetched(position, fetched, initial))
            {
                // The client's cursor stays valid for this topic even before its next event.
                member.Connection.HoldsPosition(member, position);
            }
            else
            {
                initial.Clear();
                if (position.Epoch != _position.Epoch)
                {
                    initial.Add(PushEvent.Create(Topic, PushEventType.Reset, _position, s_epochChangedData));
                }

                initial.Add(SnapshotLocked(recovered: false));
            }

            foreach (var pushEvent in initial)
            {
                member.Connection.Offer(member, pushEvent);
            }
        }

        return true;
    }

    public void Detach(TopicMembership member)
    {
        lock (_lock)
        {
            if (_members.Remove(member) && _members.Count == 0 && !_retired)
            {
                _idleTimer?.Dispose();
                _idleTimer = _time.CreateTimer(_ => RetireIfIdle(), null, _options.TopicIdleTimeout, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public PushEvent? CurrentSnapshot()
    {
        lock (_lock)
        {
            return _started && !_retired ? SnapshotLocked(recovered: true) : null;
        }
    }

    public async Task RetireAsync()
    {
        StreamSubscriptionHandle? subscription;
        lock (_lock)
        {
            if (_retired)
            {
                return;
            }

            _retired = true;
            _idleTimer?.Dispose();
            _idleTimer = null;
            subscription = _subscription;
            _subscription = null;
        }

        _onRetired(this);
        if (subscription is not null)
        {
            try
            {
                await subscription.UnsubscribeAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The lease expires by itself on the stream's silo; nothing else holds on to it.
                PushLog.TopicStartFailed(_logger, Topic, exception);
            }
        }
    }

    public Task OnNextAsync(TDelta item, StreamSequenceToken token)
    {
        lock (_lock)
        {
            if (_retired)
            {
                return Task.CompletedTask;
            }

            if (!_started)
            {
                _pending.Add((item, token));
                return Task.CompletedTask;
            }

            if (token.Epoch == _position.Epoch && token.Sequence <= _position.Sequence)
            {
                // Already in the state (the snapshot included it).
                return Task.CompletedTask;
            }

            if (TryApplyLocked(item, token, out var failure))
            {
                return Task.CompletedTask;
            }

            PushLog.ItemOutOfOrder(_logger, Topic, failure);
        }

        return ResyncAsync(epochChanged: false);
    }

    public Task OnResetAsync(StreamReset reset)
    {
        PushLog.TopicReset(_logger, Topic, reset.Reason);
        return ResyncAsync(epochChanged: reset.Reason == StreamResetReason.EpochChanged);
    }

    public Task OnSubscriptionLostAsync(Exception reason)
    {
        PushLog.SubscriptionLost(_logger, Topic, reason);
        return Task.CompletedTask;
    }

    public Task OnSubscriptionRestoredAsync(StreamSequenceToken position)
    {
        PushLog.SubscriptionRestored(_logger, Topic);
        return Task.CompletedTask;
    }

    private async Task<SubscribeStatus> StartCoreAsync()
    {
        try
        {
            var subscription = await _source.SubscribeAsync(Topic, this, from: null, CancellationToken.None).ConfigureAwait(false);
            lock (_lock)
            {
                _subscription = subscription;
            }

            for (var attempt = 0; ; attempt++)
            {
                var snapshot = await _source.GetSnapshotAsync(Topic, CancellationToken.None).ConfigureAwait(false);
                if (_codec.IsEmpty(snapshot.Data))
                {
                    await RetireAsync().ConfigureAwait(false);
                    return SubscribeStatus.UnknownTopic;
                }

                lock (_lock)
                {
                    if (TryStartLocked(snapshot))
                    {
                        _started = true;
                        _pending.Clear();
                        if (_members.Count == 0 && !_retired)
                        {
                            // Started for a request that then attached nothing (another topic failed): do not linger.
                            _idleTimer = _time.CreateTimer(_ => RetireIfIdle(), null, _options.TopicIdleTimeout, Timeout.InfiniteTimeSpan);
                        }

                        return SubscribeStatus.Subscribed;
                    }
                }

                if (attempt == 2)
                {
                    throw new InvalidOperationException($"The stream of {Topic} kept moving past three snapshots in a row.");
                }
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            PushLog.TopicStartFailed(_logger, Topic, exception);
            await RetireAsync().ConfigureAwait(false);
            return SubscribeStatus.Unavailable;
        }
    }

    // Takes the snapshot and applies the items that arrived after its position; false when they
    // do not follow it (the stream moved epochs meanwhile): the caller loads a newer snapshot.
    private bool TryStartLocked(TopicSnapshot<TData> snapshot)
    {
        _data = snapshot.Data;
        _position = snapshot.Position;
        _snapshot = null;
        foreach (var (item, token) in _pending)
        {
            if (token.Epoch == _position.Epoch && token.Sequence <= _position.Sequence)
            {
                continue;
            }

            if (!TryApplyLocked(item, token, out _))
            {
                _ring.Clear();
                return false;
            }
        }

        return true;
    }

    private bool TryApplyLocked(TDelta item, StreamSequenceToken token, out Exception? failure)
    {
        failure = null;
        if (token.Epoch != _position.Epoch || token.Sequence != _position.Sequence + 1)
        {
            return false;
        }

        try
        {
            _data = _codec.Apply(_data!, item);
        }
        catch (ArgumentException exception)
        {
            failure = exception;
            return false;
        }

        _position = token;
        _snapshot = null;
        var update = PushEvent.Create(Topic, PushEventType.Update, token, _codec.SerializeDelta(item));
        _ring.Add(update);
        foreach (var member in _members)
        {
            member.Connection.Offer(member, update);
        }

        return true;
    }

    // Reloads the snapshot after a reset or an item that does not fit, inside the stream's call so
    // later items wait for it. Members get "reset" (new epoch) and a snapshot marked unrecovered.
    private async Task ResyncAsync(bool epochChanged)
    {
        TopicSnapshot<TData>? snapshot = null;
        Exception? failure = null;
        for (var attempt = 0; attempt <= s_resyncBackoff.Length && snapshot is null; attempt++)
        {
            try
            {
                snapshot = await _source.GetSnapshotAsync(Topic, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                failure = exception;
                if (attempt < s_resyncBackoff.Length)
                {
                    await Task.Delay(s_resyncBackoff[attempt], _time).ConfigureAwait(false);
                }
            }
        }

        if (snapshot is null)
        {
            List<TopicMembership> members;
            lock (_lock)
            {
                members = [.. _members];
            }

            PushLog.ResyncFailed(_logger, Topic, members.Count, failure!);
            foreach (var member in members)
            {
                member.Connection.Close(DisconnectCode.Unavailable);
            }

            await RetireAsync().ConfigureAwait(false);
            return;
        }

        lock (_lock)
        {
            if (_retired)
            {
                return;
            }

            _data = snapshot.Data;
            _position = snapshot.Position;
            _snapshot = null;
            _ring.Clear();
            var reset = epochChanged ? PushEvent.Create(Topic, PushEventType.Reset, _position, s_epochChangedData) : null;
            var fresh = SnapshotLocked(recovered: false);
            foreach (var member in _members)
            {
                if (reset is not null)
                {
                    member.Connection.Offer(member, reset);
                }

                member.Connection.Offer(member, fresh);
            }
        }
    }

    private PushEvent SnapshotLocked(bool recovered)
    {
        if (recovered)
        {
            return _snapshot ??= PushEvent.Create(Topic, PushEventType.Snapshot, _position, _codec.SerializeData(_data!));
        }

        return PushEvent.Create(Topic, PushEventType.Snapshot, _position, _codec.SerializeData(_data!), recovered: false);
    }

    // A client resuming from further back than the ring reaches: fetch the missing items from the
    // stream's buffer (outside the lock), once, before attaching.
    private async Task<List<PushEvent>?> BackfillIfNeededAsync(StreamSequenceToken? from, CancellationToken cancellationToken)
    {
        StreamSequenceToken until;
        lock (_lock)
        {
            if (from is not { } position || position.Epoch != _position.Epoch || position.Sequence >= _position.Sequence)
            {
                return null;
            }

            var oldest = _ring.OldestPosition;
            if (oldest is { } first && first.Sequence <= position.Sequence + 1)
            {
                return null;
            }

            until = oldest is { } start ? new StreamSequenceToken(start.Epoch, start.Sequence - 1) : _position;
        }

        var backfill = new StreamBackfill<TDelta>(from.Value, until);
        StreamSubscriptionHandle? handle = null;
        try
        {
            handle = await _source.SubscribeAsync(Topic, backfill, from, cancellationToken).ConfigureAwait(false);
            var items = await backfill.Completion.WaitAsync(s_backfillTimeout, _time, cancellationToken).ConfigureAwait(false);
            return items?.Select(i => PushEvent.Create(Topic, PushEventType.Update, i.Position, _codec.SerializeDelta(i.Item))).ToList();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Timed out, cancelled or refused: the client gets a snapshot instead.
            PushLog.BackfillFailed(_logger, Topic, until.Sequence - from.Value.Sequence, exception);
            return null;
        }
        finally
        {
            if (handle is not null)
            {
                await handle.UnsubscribeAsync().ConfigureAwait(false);
            }
        }
    }

    // Fetched items plus the ring cover the gap when they join up; they also go into the ring when
    // they fit, so the next client resuming from there is served without fetching.
    private bool TryUseFetched(StreamSequenceToken from, List<PushEvent>? fetched, List<PushEvent> into)
    {
        if (fetched is not { Count: > 0 } || fetched[0].Position.Sequence != from.Sequence + 1 || fetched[0].Position.Epoch != _position.Epoch)
        {
            return false;
        }

        var last = fetched[^1].Position;
        var rest = new List<PushEvent>();
        if (last != _position && !_ring.TryCopyAfter(last, _position, rest))
        {
            return false;
        }

        _ring.TryPrepend(fetched, _position);
        into.AddRange(fetched);
        into.AddRange(rest);
        return true;
    }

    private void RetireIfIdle()
    {
        lock (_lock)
        {
            if (_members.Count > 0 || _retired)
            {
                return;
            }
        }

        _ = RetireAsync();
    }
}
