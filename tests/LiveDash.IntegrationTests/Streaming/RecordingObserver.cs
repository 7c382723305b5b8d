using LiveDash.Runtime.Streaming;

namespace LiveDash.IntegrationTests.Streaming;

/// <summary>Records what a stream observer is told, and lets a test await a condition on it.</summary>
internal sealed class RecordingObserver<T> : IStreamObserver<T>
{
    private readonly Lock _lock = new();
    private readonly List<(T Item, StreamSequenceToken Token)> _items = [];
    private readonly List<StreamReset> _resets = [];
    private readonly List<string> _events = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<(T Item, StreamSequenceToken Token)> Items
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

    /// <summary>Every call in order: <c>item 3:1</c>, <c>reset</c>, <c>lost</c>, <c>restored</c>.</summary>
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

    public Task OnNextAsync(T item, StreamSequenceToken token) => Record(() =>
    {
        _items.Add((item, token));
        _events.Add($"item {token}");
    });

    public Task OnResetAsync(StreamReset reset) => Record(() =>
    {
        _resets.Add(reset);
        _events.Add($"reset {reset.Reason} to {reset.Position}");
    });

    public Task OnSubscriptionLostAsync(Exception reason) => Record(() => _events.Add("lost"));

    public Task OnSubscriptionRestoredAsync(StreamSequenceToken position) => Record(() => _events.Add($"restored at {position}"));

    /// <summary>Waits until <paramref name="condition"/> holds, failing with <paramref name="expectation"/> and what was seen after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<RecordingObserver<T>, bool> condition, string expectation, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
            }

            if (condition(this))
            {
                return;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(left)) != changed)
            {
                throw new TimeoutException($"Expected {expectation}; the observer saw {Items.Count} items, events: {string.Join(", ", Events.TakeLast(12))}.");
            }
        }
    }

    private Task Record(Action record)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            record();
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        return Task.CompletedTask;
    }
}
