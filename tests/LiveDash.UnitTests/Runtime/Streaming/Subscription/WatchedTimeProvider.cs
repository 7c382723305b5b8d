using LiveDash.TestingHost;

namespace LiveDash.UnitTests.Runtime.Streaming.Subscription;

/// <summary>
/// A <see cref="ManualTimeProvider"/> that also records the one-shot timers created from it (what
/// <c>Task.Delay</c> and timed cancellations create), so a test can wait until a retry is armed before
/// it moves the clock past it.
/// </summary>
internal sealed class WatchedTimeProvider : TimeProvider
{
    private readonly ManualTimeProvider _clock = new();
    private readonly ChangeSignal _changed = new();
    private readonly Lock _lock = new();
    private readonly List<TimeSpan> _oneShots = [];

    public override long TimestampFrequency => _clock.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => _clock.GetUtcNow();

    public override long GetTimestamp() => _clock.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _clock.CreateTimer(callback, state, dueTime, period);
        if (period == Timeout.InfiniteTimeSpan)
        {
            lock (_lock)
            {
                _oneShots.Add(dueTime);
            }

            _changed.Notify();
        }

        return timer;
    }

    /// <summary>Moves the clock, firing due timers on this thread (see <see cref="ManualTimeProvider.Advance"/>).</summary>
    public void Advance(TimeSpan by) => _clock.Advance(by);

    /// <summary>How many one-shot timers of <paramref name="dueTime"/> were created so far.</summary>
    public int OneShotsCreated(TimeSpan dueTime)
    {
        lock (_lock)
        {
            return _oneShots.Count(d => d == dueTime);
        }
    }

    /// <summary>How many one-shot timers of at most <paramref name="longest"/> were created so far.</summary>
    public int OneShotsCreatedUpTo(TimeSpan longest)
    {
        lock (_lock)
        {
            return _oneShots.Count(d => d <= longest);
        }
    }

    /// <summary>Waits until the <paramref name="count"/>th one-shot timer of <paramref name="dueTime"/> is armed.</summary>
    public Task WaitForOneShotAsync(TimeSpan dueTime, int count = 1)
        => _changed.WaitUntilAsync(
            () => OneShotsCreated(dueTime) >= count,
            () =>
            {
                lock (_lock)
                {
                    return $"expected one-shot timer #{count} of {dueTime.TotalMilliseconds} ms to be armed; one-shot timers armed so far: [{string.Join(", ", _oneShots.Select(d => d.TotalMilliseconds + " ms"))}].";
                }
            });
}
