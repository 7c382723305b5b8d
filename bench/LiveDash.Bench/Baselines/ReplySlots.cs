using System.Threading.Tasks.Sources;

namespace LiveDash.Bench.Baselines;

/// <summary>
/// One reusable completion per closed-loop worker ("slot"): a worker arms its slot, sends a request
/// tagged with the slot number, and awaits; the receive loop completes the slot when the reply comes.
/// Nothing is allocated per round trip, so ping-pong figures measure the transport, not the waiting.
/// Continuations run inline on the receive loop, as a tight hand-written client would.
/// </summary>
internal sealed class ReplySlots
{
    private readonly Slot[] _slots;

    public ReplySlots(int count)
    {
        _slots = new Slot[count];
        for (var i = 0; i < count; i++)
        {
            _slots[i] = new Slot();
        }
    }

    /// <summary>Arms <paramref name="slot"/>; await the result after sending the request.</summary>
    public ValueTask Arm(int slot) => _slots[slot].Arm();

    /// <summary>The reply for <paramref name="slot"/> arrived.</summary>
    public void Complete(int slot) => _slots[slot].Complete();

    /// <summary>Fails every armed slot (the connection is gone).</summary>
    public void FailAll(Exception exception)
    {
        foreach (var slot in _slots)
        {
            slot.Fail(exception);
        }
    }

    private sealed class Slot : IValueTaskSource
    {
        private ManualResetValueTaskSourceCore<bool> _core;
        private int _armed;

        public ValueTask Arm()
        {
            _core.Reset();
            Volatile.Write(ref _armed, 1);
            return new ValueTask(this, _core.Version);
        }

        public void Complete()
        {
            if (Interlocked.Exchange(ref _armed, 0) == 1)
            {
                _core.SetResult(true);
            }
        }

        public void Fail(Exception exception)
        {
            if (Interlocked.Exchange(ref _armed, 0) == 1)
            {
                _core.SetException(exception);
            }
        }

        public void GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
            => _core.OnCompleted(continuation, state, token, flags);
    }
}
