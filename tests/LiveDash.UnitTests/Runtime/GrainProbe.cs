using System.Collections.Concurrent;

namespace LiveDash.UnitTests.Runtime;

/// <summary>
/// What test grains report to the test: an ordered event log and awaitable signals, so tests
/// wait for events instead of sleeping.
/// </summary>
public sealed class GrainProbe
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new();
    private readonly ConcurrentQueue<string> _events = new();

    public IReadOnlyList<string> Events => _events.ToArray();

    public void Record(string @event)
    {
        _events.Enqueue(@event);
        Signal(@event).TrySetResult();
    }

    public int Count(string @event) => _events.Count(e => e == @event);

    /// <summary>Completes when <paramref name="event"/> has been recorded at least once; fails after 10 s saying what was expected.</summary>
    public async Task WhenRecorded(string @event)
    {
        try
        {
            await Signal(@event).Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Expected the event '{@event}' within 10 s; recorded: {string.Join(", ", _events)}");
        }
    }

    /// <summary>A gate a grain awaits until the test opens it.</summary>
    public TaskCompletionSource Gate(string name) => _signals.GetOrAdd("gate:" + name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource Signal(string name) => _signals.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
