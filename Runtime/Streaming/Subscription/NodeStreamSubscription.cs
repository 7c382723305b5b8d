using System.Threading.Channels;
using LiveDash.Runtime.Streaming.Rendezvous;
using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime.Streaming.Subscription;

/// <summary>
/// This node's one subscription to one stream: a lease on the stream's rendezvous grain, the position
/// it holds, and the observers it hands items to. Everything that changes it — an arriving item, an
/// observer added or removed, a renewal, a lost connection — is a work item processed one at a time by
/// its own loop, so observers see the stream strictly in order and the position needs no lock.
/// </summary>
/// <remarks>
/// Items arrive with (epoch, sequence). The next expected one is delivered; an older one is a duplicate
/// and dropped; one after a gap is held, and once the queue is empty (an item reordered on the way may
/// still be in it) the subscription asks the rendezvous grain for what it missed, which answers with
/// the items or with a reset (new epoch, or a gap older than its buffer). Renewals run every
/// <see cref="StreamOptions.LeaseRenewalPeriod"/> and learn the stream's position, so even a silently
/// lost last item is found within two periods. When a renewal fails, or the connection to the stream's
/// silo closes, the loss is reported to the observers and the subscription retries with backoff until it
/// is restored. The queue of items is bounded (<see cref="StreamOptions.MaxQueuedItemsPerSubscription"/>).
/// </remarks>
internal sealed class NodeStreamSubscription
{
    private static readonly TimeSpan s_callTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_firstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static long s_lastLease;

    private readonly StreamSubscriberHub _hub;
    private readonly IStreamRendezvousGrain _rendezvous;
    private readonly Func<ReadOnlyMemory<byte>, object?> _deserialize;
    private readonly Channel<object> _work = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly long _lease = Interlocked.Increment(ref s_lastLease);
    private readonly SortedDictionary<StreamSequenceToken, ReadOnlyMemory<byte>> _held = new(StreamPositionComparer.Instance);
    private StreamObserverEntry[] _observers = [];
    private StreamSequenceToken? _position;
    private SiloAddress? _subscribedAt;
    private bool _lost;
    private bool _stopped;

    // Set when the stream is known to be ahead of this node (a gap, a renewal's answer, a dropped item):
    // the node catches up once its queue is empty, so items already queued are never fetched again.
    private bool _behind;

    // The stream's position at the last renewal: an item not here a whole period later was lost, not in flight.
    private StreamSequenceToken? _reportedByLastRenewal;
    private int _overflowed;
    private int _queuedItems;
    private bool _retryPending;
    private int _failedAttempts;
    private int _renewalQueued;
    private Task _loop = Task.CompletedTask;

    public NodeStreamSubscription(StreamSubscriberHub hub, StreamId streamId, Type itemType, IStreamRendezvousGrain rendezvous, Func<ReadOnlyMemory<byte>, object?> deserialize)
    {
        _hub = hub;
        StreamId = streamId;
        RendezvousId = StreamGrainIds.ForStream(streamId);
        ItemType = itemType;
        _rendezvous = rendezvous;
        _deserialize = deserialize;
    }

    public StreamId StreamId { get; }

    public GrainId RendezvousId { get; }

    public Type ItemType { get; }

    /// <summary>The silo that answered the last subscription or renewal (by this node's view when it was made).</summary>
    public SiloAddress? SubscribedAt => Volatile.Read(ref _subscribedAt);

    /// <summary>Observers being added and not yet processed; guarded by the hub's lock, so the hub never removes a subscription about to gain one.</summary>
    public int PendingAdds { get; set; }

    /// <summary>Ends when the subscription is removed and its lease given back.</summary>
    public Task Completion => _loop;

    private ILogger Logger => _hub.Logger;

    public void Start() => _loop = Task.Run(RunAsync);

    public bool TryPost(object work) => _work.Writer.TryWrite(work);

    /// <summary>
    /// Stops taking work; the loop finishes the items and observer changes queued, skips renewals and
    /// catch-ups (a renewal now would re-take the node's lease from a newer subscription to the same
    /// stream), then ends its own lease.
    /// </summary>
    public void Complete()
    {
        Volatile.Write(ref _stopped, true);
        _work.Writer.TryComplete();
    }

    /// <summary>
    /// An item arrived (on a connection's reader loop). Bounded: past
    /// <see cref="StreamOptions.MaxQueuedItemsPerSubscription"/> waiting items it is dropped here, and the
    /// node fetches it again from the stream's replay buffer once its observers have caught up (or
    /// reports a reset when the buffer no longer has it).
    /// </summary>
    public void OnItem(long epoch, long sequence, ReadOnlyMemory<byte> payload)
    {
        if (Interlocked.Increment(ref _queuedItems) > _hub.Options.MaxQueuedItemsPerSubscription)
        {
            Interlocked.Decrement(ref _queuedItems);
            Volatile.Write(ref _overflowed, 1);
            _hub.Statistics.OnItemDroppedBehind();
            return;
        }

        if (TryPost(new SubscriptionWork.Item(new StreamSequenceToken(epoch, sequence), payload)))
        {
            _hub.Statistics.OnItemQueued();
        }
        else
        {
            Interlocked.Decrement(ref _queuedItems);
        }
    }

    /// <summary>Asks for a renewal, unless one is queued already (a burst of triggers makes one call).</summary>
    public void RequestRenewal()
    {
        if (Interlocked.Exchange(ref _renewalQueued, 1) == 0 && !TryPost(SubscriptionWork.Renew.Instance))
        {
            Volatile.Write(ref _renewalQueued, 0);
        }
    }

    public void OnLost(Exception reason) => TryPost(new SubscriptionWork.Lost(reason));

    private async Task RunAsync()
    {
        await foreach (var work in _work.Reader.ReadAllAsync())
        {
            try
            {
                switch (work)
                {
                    case SubscriptionWork.Item item:
                        Interlocked.Decrement(ref _queuedItems);
                        _hub.Statistics.OnItemDequeued();
                        await OnItemAsync(item);
                        break;
                    case SubscriptionWork.Add add:
                        await AddAsync(add);
                        break;
                    case SubscriptionWork.Remove remove:
                        Remove(remove);
                        break;
                    case SubscriptionWork.Renew:
                        Volatile.Write(ref _renewalQueued, 0);
                        await RenewAsync();
                        break;
                    case SubscriptionWork.Retry:
                        _retryPending = false;
                        await RenewAsync();
                        break;
                    case SubscriptionWork.Lost lost:
                        await OnLostAsync(lost.Reason);
                        break;
                }

                await CatchUpIfBehindAsync();
            }
            catch (Exception exception)
            {
                StreamLog.ObserverFailed(Logger, exception, StreamId, _position);
            }
        }

        await EndLeaseAsync();
    }

    private async Task OnItemAsync(SubscriptionWork.Item item)
    {
        if (_position is not { } position)
        {
            // The first subscription's answer is still on its way: keep the item for after it.
            Hold(item);
            return;
        }

        var token = item.Token;
        if (token.Epoch == position.Epoch && token.Sequence <= position.Sequence || token.Epoch < position.Epoch)
        {
            _hub.Statistics.OnDuplicateDropped();
            return;
        }

        if (token.Epoch == position.Epoch && token.Sequence == position.Sequence + 1)
        {
            await DeliverAsync(item.Payload, token);
            await DrainHeldAsync();
            return;
        }

        // A gap, or a new epoch: hold the item and ask what happened in between once the queue is
        // empty (an item reordered on the way may still be in it).
        Hold(item);
        _behind = true;
    }

    private async Task AddAsync(SubscriptionWork.Add add)
    {
        _hub.OnAddProcessed(this);
        try
        {
            StreamSequenceToken start;
            if (_position is not { } position)
            {
                var answer = await CallSubscribeAsync(add.From);
                _observers = [.. _observers, add.Entry];
                if (add.From is { } from)
                {
                    start = answer.Reset is null ? from : answer.Position;
                    _position = from;
                    await ApplyAsync(answer);
                }
                else
                {
                    start = answer.Position;
                    _position = answer.Position;
                    await DrainHeldAsync();

                    // Items that arrived before the answer and still wait after a gap: ask for what is between.
                    _behind = _held.Count > 0;
                }
            }
            else
            {
                start = await CatchUpNewObserverAsync(add.Entry, add.From, position);
                _observers = [.. _observers, add.Entry];
            }

            add.Done.TrySetResult(new NodeSubscriptionHandle(this, add.Entry, start));
        }
        catch (Exception exception)
        {
            // Removed before the caller hears of the failure, as Remove does, so the caller (and its
            // retry) never finds the failed subscription still registered.
            _observers = [.. _observers.Where(o => o != add.Entry)];
            if (_observers.Length == 0)
            {
                _hub.TryRemove(this);
            }

            add.Done.TrySetException(exception);
        }
    }

    /// <summary>
    /// Brings an observer joining a running subscription to the subscription's position: the items
    /// between its own <paramref name="from"/> and <paramref name="position"/>, for it alone, or a reset.
    /// </summary>
    private async Task<StreamSequenceToken> CatchUpNewObserverAsync(StreamObserverEntry entry, StreamSequenceToken? from, StreamSequenceToken position)
    {
        if (from is not { } held || held.Epoch == position.Epoch && held.Sequence >= position.Sequence)
        {
            return position;
        }

        var start = held;
        StreamResetReason? reason = null;
        while (held.Epoch == position.Epoch && held.Sequence < position.Sequence)
        {
            var answer = await CallSubscribeAsync(held);
            if (answer.Reset is not null || answer.Position.Epoch != position.Epoch || answer.Items.Count == 0)
            {
                reason = answer.Reset;
                break;
            }

            foreach (var item in answer.Items)
            {
                if (item.Sequence == held.Sequence + 1 && item.Sequence <= position.Sequence)
                {
                    held = held.Next();
                    await entry.OnNextAsync(_deserialize(item.Payload), held);
                }
            }
        }

        if (held != position)
        {
            reason ??= held.Epoch == position.Epoch ? StreamResetReason.TooOld : StreamResetReason.EpochChanged;
            _hub.Statistics.OnReset();
            await entry.OnResetAsync(new StreamReset(reason.Value, held, position));
            return position;
        }

        return start;
    }

    private void Remove(SubscriptionWork.Remove remove)
    {
        _observers = [.. _observers.Where(o => o != remove.Entry)];
        if (_observers.Length == 0)
        {
            _hub.TryRemove(this);
        }

        remove.Done.TrySetResult();
    }

    /// <summary>
    /// Renews the lease. A lost subscription is restored with a catch-up; a live one only learns the
    /// stream's position, and catches up (once its queue is empty) when the stream has a new epoch, or
    /// when the node is still short of the position the previous renewal learned: items a period old
    /// are lost, where newer ones may merely be on their way.
    /// </summary>
    private async Task RenewAsync()
    {
        if (_position is not { } position || Volatile.Read(ref _stopped))
        {
            return;
        }

        if (_lost)
        {
            await CatchUpOrReportLossAsync();
            return;
        }

        try
        {
            // Any other epoch, not only a larger one: epochs come from the activating silo's clock, so a
            // stream moved to a silo whose clock is behind has a smaller one, and its items, which look
            // older than this node's position, are dropped on arrival; only this comparison finds it.
            var answer = await CallSubscribeAsync(from: null);
            if (answer.Position.Epoch != position.Epoch || _reportedByLastRenewal is { } earlier && IsAhead(earlier))
            {
                _behind = true;
            }

            _reportedByLastRenewal = answer.Position;
        }
        catch (Exception exception) when (!_hub.IsDisposed)
        {
            await OnLostAsync(exception);
        }
    }

    /// <summary>Whether <paramref name="other"/> is after this node's position.</summary>
    private bool IsAhead(StreamSequenceToken other)
        => _position is { } position && StreamPositionComparer.Instance.Compare(other, position) > 0;

    /// <summary>
    /// Asks the stream for what this node lacks, when it is known to lack something and nothing is
    /// queued: items already waiting in the queue are not missing, and fetching them again would
    /// turn a slow observer's backlog into a false "too old" reset.
    /// </summary>
    private async Task CatchUpIfBehindAsync()
    {
        if (_work.Reader.TryPeek(out _) || _lost || _position is null || Volatile.Read(ref _stopped))
        {
            return;
        }

        if (Interlocked.Exchange(ref _overflowed, 0) == 1)
        {
            _behind = true;
        }

        if (_behind)
        {
            _behind = false;
            await CatchUpOrReportLossAsync();
        }
    }

    private async Task CatchUpOrReportLossAsync()
    {
        try
        {
            var answer = await CallSubscribeAsync(_position);
            var wasLost = _lost;
            _lost = false;
            _failedAttempts = 0;
            await ApplyAsync(answer);
            if (wasLost)
            {
                _hub.Statistics.OnSubscriptionRestored();
                StreamLog.SubscriptionRestored(Logger, StreamId, _position!.Value);
                foreach (var observer in _observers)
                {
                    await Notify(observer.OnRestoredAsync(_position!.Value));
                }
            }
        }
        catch (Exception exception) when (!_hub.IsDisposed)
        {
            await OnLostAsync(exception);
        }
    }

    private async Task OnLostAsync(Exception reason)
    {
        if (_position is null || Volatile.Read(ref _stopped))
        {
            return;
        }

        _failedAttempts++;
        var delay = TimeSpan.FromTicks(Math.Min(
            _hub.Options.MaxResubscribeBackoff.Ticks,
            s_firstRetryDelay.Ticks << Math.Min(_failedAttempts - 1, 20)));
        if (!_lost)
        {
            _lost = true;
            _hub.Statistics.OnSubscriptionLost();
            StreamLog.SubscriptionLost(Logger, StreamId, reason.Message, (long)delay.TotalMilliseconds);
            foreach (var observer in _observers)
            {
                await Notify(observer.OnLostAsync(reason));
            }
        }

        // One retry pending at a time: a periodic renewal (or a closed connection) failing while one
        // waits must not start a second retry loop, or the loops, and their calls, grow with the outage.
        if (!_retryPending)
        {
            _retryPending = true;
            _ = RetryAfterAsync(delay);
        }
    }

    private async Task RetryAfterAsync(TimeSpan delay)
    {
        await Task.Delay(delay, _hub.Time);
        TryPost(SubscriptionWork.Retry.Instance);
    }

    /// <summary>Applies a rendezvous answer: its items or its reset, then what was held, then further pages.</summary>
    private async Task ApplyAsync(StreamCatchUp answer)
    {
        while (true)
        {
            if (answer.Reset is { } reason)
            {
                var previous = _position;
                _position = answer.Position;
                _hub.Statistics.OnReset();
                StreamLog.Reset(Logger, StreamId, previous, answer.Position, reason);
                foreach (var observer in _observers)
                {
                    await Notify(observer.OnResetAsync(new StreamReset(reason, previous, answer.Position)));
                }
            }
            else
            {
                foreach (var item in answer.Items)
                {
                    if (_position is { } position && position.Epoch == answer.Position.Epoch && item.Sequence == position.Sequence + 1)
                    {
                        _hub.Statistics.OnItemRecovered();
                        await DeliverAsync(item.Payload, position.Next());
                    }
                }
            }

            await DrainHeldAsync();

            // More than one page behind: ask for the next (this also renews the lease again, harmlessly).
            if (answer.Reset is null && answer.Items.Count > 0 && _position is { } now && now.Epoch == answer.Position.Epoch && now.Sequence < answer.Position.Sequence)
            {
                answer = await CallSubscribeAsync(now);
                continue;
            }

            return;
        }
    }

    private async Task DrainHeldAsync()
    {
        while (_held.Count > 0 && _position is { } position)
        {
            var (token, payload) = _held.First();
            if (token.Epoch < position.Epoch || token.Epoch == position.Epoch && token.Sequence <= position.Sequence)
            {
                _held.Remove(token);
                continue;
            }

            if (token.Epoch != position.Epoch || token.Sequence != position.Sequence + 1)
            {
                return;
            }

            _held.Remove(token);
            await DeliverAsync(payload, token);
        }
    }

    private void Hold(SubscriptionWork.Item item)
    {
        // Bounded: beyond the replay buffer's size a held item is dropped, and the catch-up fetches it again.
        if (_held.Count < _hub.Options.ReplayBufferCount)
        {
            _held.TryAdd(item.Token, item.Payload);
        }
    }

    private async Task DeliverAsync(ReadOnlyMemory<byte> payload, StreamSequenceToken token)
    {
        object? item;
        try
        {
            item = _deserialize(payload);
        }
        catch (Exception exception)
        {
            // An item this node cannot read is skipped: holding the stream up would starve every observer.
            StreamLog.ObserverFailed(Logger, exception, StreamId, token);
            _position = token;
            return;
        }

        _position = token;
        _hub.Statistics.OnItemDelivered();
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnNextAsync(item, token);
            }
            catch (Exception exception)
            {
                StreamLog.ObserverFailed(Logger, exception, StreamId, token);
            }
        }
    }

    private async Task<StreamCatchUp> CallSubscribeAsync(StreamSequenceToken? from)
    {
        using var timeout = new CancellationTokenSource(s_callTimeout, _hub.Time);
        var owner = _hub.CurrentOwner(RendezvousId);
        var answer = await _rendezvous.SubscribeAsync(_hub.NodeId, _lease, from, timeout.Token);
        Volatile.Write(ref _subscribedAt, owner);
        return answer;
    }

    private async Task EndLeaseAsync()
    {
        if (_position is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), _hub.Time);
            await _rendezvous.UnsubscribeAsync(_hub.NodeId, _lease, timeout.Token);
        }
        catch (Exception exception)
        {
            StreamLog.UnsubscribeFailed(Logger, exception, StreamId);
        }
    }

    private async Task Notify(Task notification)
    {
        try
        {
            await notification;
        }
        catch (Exception exception)
        {
            StreamLog.ObserverFailed(Logger, exception, StreamId, _position);
        }
    }
}
