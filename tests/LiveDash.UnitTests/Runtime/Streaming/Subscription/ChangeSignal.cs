using System.Diagnostics;

namespace LiveDash.UnitTests.Runtime.Streaming.Subscription;

/// <summary>
/// Lets a test await a condition on state that other threads change: every change calls
/// <see cref="Notify"/>, and a waiter re-checks its condition after each one, up to a timeout whose
/// message says what was expected and what was seen.
/// </summary>
internal sealed class ChangeSignal
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify()
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    public async Task WaitUntilAsync(Func<bool> condition, Func<string> failure)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                changed = _changed.Task;
            }

            if (condition())
            {
                return;
            }

            var left = DefaultTimeout - clock.Elapsed;
            try
            {
                await changed.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"After {DefaultTimeout.TotalSeconds:0} s: {failure()}");
            }
        }
    }

    /// <summary>Awaits <paramref name="task"/>, failing with <paramref name="expectation"/> when it takes longer than the default timeout.</summary>
    public static async Task<T> WithinTimeout<T>(Task<T> task, string expectation)
    {
        try
        {
            return await task.WaitAsync(DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"After {DefaultTimeout.TotalSeconds:0} s: expected {expectation}.");
        }
    }

    /// <inheritdoc cref="WithinTimeout{T}(Task{T}, string)"/>
    public static async Task WithinTimeout(Task task, string expectation)
    {
        try
        {
            await task.WaitAsync(DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"After {DefaultTimeout.TotalSeconds:0} s: expected {expectation}.");
        }
    }
}
