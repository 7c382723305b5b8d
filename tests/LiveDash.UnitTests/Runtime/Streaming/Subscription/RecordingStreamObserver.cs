using LiveDash.Runtime.Streaming;

namespace LiveDash.UnitTests.Runtime.Streaming.Subscription;

/// <summary>Records every call a stream observer gets, in order; optionally throws after recording an item.</summary>
internal sealed class RecordingStreamObserver : IStreamObserver<int>
{
    private readonly Lock _lock = new();
    private readonly ChangeSignal _changed = new();
    private readonly List<(int Item, StreamSequenceToken Token)> _items = [];
    private readonly List<StreamReset> _resets = [];
    private readonly List<string> _events = [];
    private readonly bool _throwOnItems;

    public RecordingStreamObserver(bool throwOnItems = false)
    {
        _throwOnItems = throwOnItems;
    }

    public IReadOnlyList<(int Item, StreamSequenceToken Token)> Items
    {
        get
        {
            lock (_lock)
            {
                return [.. _items];
            }
        }
    }

    public IReadOnlyList<StreamReset> Resets
    {
        get
        {
            lock (_lock)
            {
                return [.. _resets];
            }
        }
    }

    /// <summary>Every call in order: <c>item 100:3 = 30</c>, <c>reset TooOld 100:1 -> 100:5</c>, <c>lost</c>, <c>restored at 100:5</c>.</summary>
    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public static string Item(StreamSequenceToken token, int value) => $"item {token} = {value}";

    public static string Reset(StreamResetReason reason, StreamSequenceToken? previous, StreamSequenceToken position) => $"reset {reason} {previous} -> {position}";

    public static string Restored(StreamSequenceToken position) => $"restored at {position}";

    public Task OnNextAsync(int item, StreamSequenceToken token)
    {
        Record(() =>
        {
            _items.Add((item, token));
            _events.Add(Item(token, item));
        });
        return _throwOnItems ? throw new InvalidOperationException($"This observer fails on every item ({token}).") : Task.CompletedTask;
    }

    public Task OnResetAsync(StreamReset reset)
    {
        Record(() =>
        {
            _resets.Add(reset);
            _events.Add(Reset(reset.Reason, reset.Previous, reset.Position));
        });
        return Task.CompletedTask;
    }

    public Task OnSubscriptionLostAsync(Exception reason)
    {
        Record(() => _events.Add("lost"));
        return Task.CompletedTask;
    }

    public Task OnSubscriptionRestoredAsync(StreamSequenceToken position)
    {
        Record(() => _events.Add(Restored(position)));
        return Task.CompletedTask;
    }

    public Task WaitForEventAsync(string expected)
        => WaitUntilAsync(o => o.Events.Contains(expected), $"the event '{expected}'");

    public Task WaitForItemsAsync(int count)
        => WaitUntilAsync(o => o.Items.Count >= count, $"{count} items");

    public Task WaitUntilAsync(Func<RecordingStreamObserver, bool> condition, string expectation)
        => _changed.WaitUntilAsync(() => condition(this), () => $"expected {expectation}; the observer saw: [{string.Join(", ", Events)}].");

    private void Record(Action record)
    {
        lock (_lock)
        {
            record();
        }

        _changed.Notify();
    }
}
