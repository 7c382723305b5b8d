using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using LiveDash.Gateway.Diagnostics;
using LiveDash.Grains;
using LiveDash.Runtime.Streaming;

namespace LiveDash.Gateway.Push;

/// <summary>
/// One client's push connection (an SSE response, a WebSocket, a long poll) as the hub sees it:
/// the topics it follows and its bounded outbound queue. The transport owns the connection: it
/// subscribes, then runs one writer loop that takes events with <see cref="WaitToReadAsync"/> and
/// <see cref="TryRead"/> and writes them, and disposes the connection when the client goes.
/// </summary>
/// <remarks>
/// Threading: <see cref="SubscribeAsync"/>, <see cref="Unsubscribe"/> and <see cref="Close"/> may be
/// called from any thread; <see cref="WaitToReadAsync"/>, <see cref="TryRead"/> and
/// <see cref="Cursor"/> from the single writer loop only. Channels offer events under their own
/// lock and then take this connection's lock (never the other way round), and never wait for the
/// client: once more than <see cref="PushOptions.CoalesceAfterQueuedBytes"/> wait, a topic's further
/// updates collapse into one marker that writes the topic's newest snapshot when the reader gets to
/// it; a queue that has not moved for <see cref="PushOptions.MaxLag"/> closes the connection with
/// <see cref="DisconnectCode.SlowConsumer"/>. Memory per connection is therefore bounded by the
/// threshold plus one event per topic.
/// </remarks>
public sealed class PushConnection : IAsyncDisposable
{
    private readonly TopicHub _hub;
    private readonly PushOptions _options;
    private readonly TimeProvider _time;
    private readonly GatewayMetrics _metrics;
    private readonly Lock _lock = new();
    private readonly Queue<(PushEvent? Event, TopicMembership Member)> _queue = new();
    private readonly List<TopicMembership> _members = [];
    private readonly CancellationTokenSource _closed = new();
    private readonly long _maxLagTicks;
    private long _queuedBytes;
    private long _progressAt;
    private readonly ReadWait _wait;
    private DisconnectCode? _closedBy;

    // Set under the lock by Close and DisposeAsync: from then on nothing is queued or taken. Not the token's
    // state, which CancelAsync may change after Close has returned (a reader could then wait forever).
    private bool _ended;
    private bool _disposed;

    // A Wake that found no wait pending: the next wait returns true at once, so a wake between the writer's
    // last check and its wait is never lost (a WebSocket reply queued then would otherwise wait for an event).
    private bool _woken;
    private string? _cursor;

    internal PushConnection(TopicHub hub, string transport, PushOptions options, TimeProvider time, GatewayMetrics metrics)
    {
        _hub = hub;
        Transport = transport;
        _options = options;
        _time = time;
        _metrics = metrics;
        _maxLagTicks = (long)(options.MaxLag.TotalSeconds * time.TimestampFrequency);
        _wait = new ReadWait(_lock);
        metrics.ConnectionOpened(transport);
    }

    /// <summary><c>sse</c>, <c>websocket</c> or <c>longpoll</c>.</summary>
    public string Transport { get; }

    /// <summary>Cancelled when the connection is closed (<see cref="ClosedBy"/> says why when the gateway closed it) or disposed.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Why the gateway ended the connection, or null while it is open (or when the client left).</summary>
    public DisconnectCode? ClosedBy
    {
        get
        {
            lock (_lock)
            {
                return _closedBy;
            }
        }
    }

    /// <summary>The topics subscribed, in subscription order.</summary>
    public IReadOnlyList<Topic> Topics
    {
        get
        {
            lock (_lock)
            {
                return [.. _members.Select(m => m.Topic)];
            }
        }
    }

    /// <summary>
    /// The connection's cursor after the events taken so far: every topic's position that has one
    /// (the SSE <c>id</c> of the last event taken, the long-poll <c>cursor</c>). Empty before the first event.
    /// </summary>
    public string Cursor => _cursor ??= FormatCursor();

    /// <summary>
    /// Writes <see cref="Cursor"/> to <paramref name="destination"/> as UTF-8 without building the string
    /// (the SSE <c>id</c> of every event). From the single writer loop only, like <see cref="Cursor"/>.
    /// </summary>
    /// <param name="destination">Where to write.</param>
    /// <returns>The bytes written.</returns>
    internal int WriteCursor(IBufferWriter<byte> destination)
    {
        if (_cursor is { } cached)
        {
            return WriteAscii(destination, cached);
        }

        // The same segments, in the same order, as FormatCursor; written under the lock because
        // subscriptions may add members meanwhile (the writer never waits here: GetSpan only rents).
        var written = 0;
        lock (_lock)
        {
            foreach (var member in _members)
            {
                if (member.LastWrittenSegment is not { } segment)
                {
                    continue;
                }

                if (written > 0)
                {
                    written += WriteAscii(destination, ",");
                }

                written += WriteAscii(destination, segment);
            }
        }

        return written;
    }

    /// <summary>Events waiting to be taken, collapse markers included (for tests and diagnostics).</summary>
    public int QueuedCount
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Bytes of the events waiting to be taken.</summary>
    public long QueuedBytes
    {
        get
        {
            lock (_lock)
            {
                return _queuedBytes;
            }
        }
    }

    /// <summary>
    /// Subscribes to <paramref name="topics"/> (already subscribed ones are left as they are). For
    /// each, the first events are queued before this returns: the events after the cursor's position
    /// when they can be replayed; else a snapshot (with <c>"recovered":false</c> when the cursor named
    /// the topic). All or nothing: when one topic fails, none is subscribed.
    /// </summary>
    /// <param name="topics">The topics.</param>
    /// <param name="cursor">Where the client resumes from, or null for fresh snapshots.</param>
    /// <param name="cancellationToken">Abandons the subscription.</param>
    /// <returns>Subscribed, or why not.</returns>
    public async Task<SubscribeResult> SubscribeAsync(IReadOnlyList<Topic> topics, PushCursor? cursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topics);
        List<Topic> wanted;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            wanted = [.. topics.Distinct().Where(t => !_members.Any(m => m.Topic == t))];
            if (_members.Count + wanted.Count > _options.MaxTopicsPerConnection)
            {
                return new SubscribeResult(SubscribeStatus.TooManyTopics, Detail:
                    $"A connection may follow at most {_options.MaxTopicsPerConnection} topics ({PushOptions.SectionName}:MaxTopicsPerConnection); this one would follow {_members.Count + wanted.Count}.");
            }
        }

        var channels = await Task.WhenAll(wanted.Select(t => _hub.AcquireAsync(t, cancellationToken)));
        for (var i = 0; i < channels.Length; i++)
        {
            if (channels[i].Status != SubscribeStatus.Subscribed)
            {
                return new SubscribeResult(channels[i].Status, wanted[i], channels[i].Status == SubscribeStatus.UnknownTopic
                    ? $"The topic '{wanted[i]}' does not exist: nothing has been written to it."
                    : $"The topic '{wanted[i]}' cannot be followed now: its grain did not answer. Retry shortly.");
            }
        }

        for (var i = 0; i < channels.Length; i++)
        {
            var topic = wanted[i];
            var channel = channels[i].Channel!;
            while (true)
            {
                var member = new TopicMembership(this, topic, channel);
                lock (_lock)
                {
                    _members.Add(member);
                }

                if (await channel.AttachAsync(member, cursor?.PositionOf(topic), cancellationToken))
                {
                    break;
                }

                // The channel retired between acquiring and attaching (its idle timer): take a fresh one.
                RemoveMember(member);
                var again = await _hub.AcquireAsync(topic, cancellationToken);
                if (again.Status != SubscribeStatus.Subscribed)
                {
                    return new SubscribeResult(again.Status, topic, $"The topic '{topic}' cannot be followed now. Retry shortly.");
                }

                channel = again.Channel!;
            }
        }

        return SubscribeResult.Subscribed;
    }

    /// <summary>Stops following <paramref name="topics"/>; their queued events are dropped. Topics not followed are ignored.</summary>
    /// <param name="topics">The topics.</param>
    public void Unsubscribe(IReadOnlyList<Topic> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        foreach (var topic in topics)
        {
            TopicMembership? member;
            lock (_lock)
            {
                member = _members.FirstOrDefault(m => m.Topic == topic);
            }

            if (member is not null)
            {
                RemoveMember(member);
                member.Channel.Detach(member);
            }
        }
    }

    /// <summary>
    /// Waits until an event can be taken (or <see cref="Wake"/> is called); false once the connection is
    /// closed. One wait at a time (the single writer loop), and its result is awaited once: the wait
    /// reuses one completion source per connection, so waiting for each event allocates nothing.
    /// </summary>
    /// <param name="cancellationToken">Abandons the wait.</param>
    /// <returns>Whether <see cref="TryRead"/> may now succeed.</returns>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_ended)
            {
                return new ValueTask<bool>(false);
            }

            if (_queue.Count > 0 || _woken)
            {
                // Whatever woke it is looked at by the turn that follows (the writer records why before waking).
                _woken = false;
                return new ValueTask<bool>(true);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<bool>(cancellationToken);
            }

            return _wait.Start(cancellationToken);
        }
    }

    /// <summary>
    /// Ends a pending <see cref="WaitToReadAsync"/> with true although nothing may be queued (the SSE ping
    /// timer's turn, a WebSocket reply); with none pending, the next wait returns true at once.
    /// </summary>
    internal void Wake()
    {
        lock (_lock)
        {
            if (!_ended && !_wait.TryComplete(true))
            {
                _woken = true;
            }
        }
    }

    /// <summary>Takes the next event and advances <see cref="Cursor"/> past it.</summary>
    /// <param name="pushEvent">The event.</param>
    /// <returns>False when none is queued.</returns>
    public bool TryRead([NotNullWhen(true)] out PushEvent? pushEvent)
    {
        while (true)
        {
            TopicMembership member;
            PushEvent? queued;
            lock (_lock)
            {
                if (_ended || !_queue.TryDequeue(out var entry))
                {
                    pushEvent = null;
                    return false;
                }

                (queued, member) = entry;
                _progressAt = _time.GetTimestamp();
                if (queued is not null)
                {
                    _queuedBytes -= queued.SizeBytes;
                }
                else
                {
                    member.Collapsed = false;
                }

                if (member.Removed)
                {
                    continue;
                }
            }

            // A collapse marker writes the newest state, read now (outside this lock: channel locks come first).
            var candidate = queued ?? member.Channel.CurrentSnapshot();
            if (candidate is null || IsAlreadyWritten(member, candidate))
            {
                continue;
            }

            // A reset announces the snapshot that follows it; the cursor moves with that snapshot.
            if (candidate.Type != PushEventType.Reset)
            {
                member.LastWritten = candidate.Position;
                member.LastWrittenSegment = candidate.TopicCursor;
                _cursor = null;
            }

            pushEvent = candidate;
            return true;
        }
    }

    /// <summary>Ends the connection for <paramref name="code"/>: <see cref="Closed"/> fires; the transport tells the client and stops.</summary>
    /// <param name="code">Why.</param>
    public void Close(DisconnectCode code)
    {
        int dropped;
        lock (_lock)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            _closedBy = code;
            dropped = _queue.Count(e => e.Event is not null);
            _queue.Clear();
            _queuedBytes = 0;
            _wait.TryComplete(false);
        }

        _metrics.Disconnected(code);
        if (dropped > 0)
        {
            _metrics.EventsDropped(dropped);
        }

        // Close can run inside a channel's lock (a slow consumer found while offering): the token's
        // callbacks (the transport's) run on the thread pool, never under that lock.
        _ = _closed.CancelAsync();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        List<TopicMembership> members;
        lock (_lock)
        {
            if (_disposed)
            {
                return ValueTask.CompletedTask;
            }

            _disposed = true;
            _ended = true;
            members = [.. _members];
            foreach (var member in members)
            {
                member.Removed = true;
            }

            _members.Clear();
            _queue.Clear();
            _queuedBytes = 0;
            _wait.TryComplete(false);
        }

        foreach (var member in members)
        {
            member.Channel.Detach(member);
        }

        _hub.Forget(this);
        _metrics.ConnectionClosed(Transport);
        // Not disposed: a CancelAsync from Close may still be running its callbacks.
        _ = _closed.CancelAsync();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Queues <paramref name="pushEvent"/> for <paramref name="member"/> (called by its channel under the
    /// channel's lock): drops duplicates, collapses updates while the connection is behind, and closes
    /// the connection when its queue has not moved for <see cref="PushOptions.MaxLag"/>.
    /// </summary>
    internal void Offer(TopicMembership member, PushEvent pushEvent)
    {
        var slow = false;
        lock (_lock)
        {
            if (_ended || member.Removed)
            {
                return;
            }

            if (pushEvent.Type == PushEventType.Update && IsAtOrBefore(pushEvent.Position, member.LastQueued))
            {
                return;
            }

            var now = _time.GetTimestamp();
            if (_queue.Count == 0)
            {
                _progressAt = now;
            }
            else if (now - _progressAt > _maxLagTicks)
            {
                slow = true;
            }

            if (!slow)
            {
                if (member.Collapsed)
                {
                    _metrics.EventsCoalesced(1);
                }
                else if (pushEvent.Type == PushEventType.Update && _queuedBytes >= _options.CoalesceAfterQueuedBytes)
                {
                    member.Collapsed = true;
                    _queue.Enqueue((null, member));
                    _metrics.EventsCoalesced(1);
                }
                else
                {
                    _queue.Enqueue((pushEvent, member));
                    _queuedBytes += pushEvent.SizeBytes;
                    member.LastQueued = pushEvent.Position;
                }

                _wait.TryComplete(true);
            }
        }

        if (slow)
        {
            Close(DisconnectCode.SlowConsumer);
        }
    }

    /// <summary>
    /// Records that the client holds <paramref name="position"/> (it resumed from there): later updates at
    /// or before it are duplicates, and the cursor names it until the next event of the topic.
    /// </summary>
    internal void HoldsPosition(TopicMembership member, StreamSequenceToken position)
    {
        lock (_lock)
        {
            member.LastQueued = position;
        }

        member.LastWritten = position;
        member.LastWrittenSegment = PushCursor.Segment(member.Topic, position);
        _cursor = null;
    }

    private static bool IsAtOrBefore(StreamSequenceToken position, StreamSequenceToken? reference)
        => reference is { } held && held.Epoch == position.Epoch && position.Sequence <= held.Sequence;

    // A collapse marker can race with updates queued right after it, and a resumed client may hold
    // a position already: an update the client holds, or a snapshot of exactly the state it holds,
    // is skipped, so a topic's seq never repeats on the wire.
    private static bool IsAlreadyWritten(TopicMembership member, PushEvent candidate) => candidate.Type switch
    {
        PushEventType.Update => IsAtOrBefore(candidate.Position, member.LastWritten),
        PushEventType.Snapshot => candidate.Position == member.LastWritten,
        _ => false,
    };

    private void RemoveMember(TopicMembership member)
    {
        lock (_lock)
        {
            member.Removed = true;
            _members.Remove(member);
        }

        _cursor = null;
    }

    // Cursor segments are ASCII (hex, base 36, ':' and ','): one byte per char.
    private static int WriteAscii(IBufferWriter<byte> destination, string text)
    {
        var span = destination.GetSpan(text.Length);
        var written = Encoding.ASCII.GetBytes(text, span);
        destination.Advance(written);
        return written;
    }

    private string FormatCursor()
    {
        List<TopicMembership> members;
        lock (_lock)
        {
            members = [.. _members.Where(m => m.LastWrittenSegment is not null)];
        }

        return members.Count == 1 ? members[0].LastWrittenSegment! : string.Join(',', members.Select(m => m.LastWrittenSegment));
    }
}
