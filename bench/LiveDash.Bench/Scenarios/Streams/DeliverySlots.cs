using LiveDash.Bench.Baselines;

namespace LiveDash.Bench.Scenarios.Streams;

/// <summary>
/// One reusable completion per closed-loop worker ("slot"), completed when every subscriber has handled
/// the worker's item: <see cref="ReplySlots"/> with a count-down in front. Nothing is allocated per item.
/// Continuations run inline on the last subscriber's delivery loop, as with <see cref="ReplySlots"/>.
/// </summary>
internal sealed class DeliverySlots
{
    private readonly ReplySlots _slots;
    private readonly int[] _remaining;
    private readonly int _subscribers;

    public DeliverySlots(int slots, int subscribers)
    {
        _slots = new ReplySlots(slots);
        _remaining = new int[slots];
        _subscribers = subscribers;
    }

    public int Count => _remaining.Length;

    /// <summary>Arms <paramref name="slot"/> before its item is published; await the result after publishing.</summary>
    public ValueTask Arm(int slot)
    {
        Volatile.Write(ref _remaining[slot], _subscribers);
        return _slots.Arm(slot);
    }

    /// <summary>One subscriber handled <paramref name="slot"/>'s item.</summary>
    public void Handled(int slot)
    {
        if (Interlocked.Decrement(ref _remaining[slot]) == 0)
        {
            _slots.Complete(slot);
        }
    }

    /// <summary>Fails every waiting worker.</summary>
    public void FailAll(Exception exception) => _slots.FailAll(exception);
}
