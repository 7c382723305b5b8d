namespace LiveDash.IntegrationTests.Cluster;

/// <summary>
/// Counts attempted and acknowledged writes per grain, and lets a test await a condition on them
/// (checked on every acknowledgement) instead of polling.
/// </summary>
internal sealed class WriteProgress
{
    private readonly Lock _lock = new();
    private readonly int[] _attempted;
    private readonly int[] _acknowledged;
    private readonly List<(Func<int[], bool> Condition, TaskCompletionSource Reached)> _waiters = [];

    public WriteProgress(int grains)
    {
        _attempted = new int[grains];
        _acknowledged = new int[grains];
    }

    public int Attempted(int grain)
    {
        lock (_lock)
        {
            return _attempted[grain];
        }
    }

    public int Acknowledged(int grain)
    {
        lock (_lock)
        {
            return _acknowledged[grain];
        }
    }

    public int TotalAcknowledged()
    {
        lock (_lock)
        {
            return _acknowledged.Sum();
        }
    }

    public void Attempt(int grain)
    {
        lock (_lock)
        {
            _attempted[grain]++;
        }
    }

    public void Acknowledge(int grain)
    {
        lock (_lock)
        {
            _acknowledged[grain]++;
            foreach (var waiter in _waiters.Where(w => w.Condition(_acknowledged)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }
    }

    /// <summary>Completes once <paramref name="condition"/> holds for the acknowledged counts.</summary>
    public Task WhenAsync(Func<int[], bool> condition)
    {
        lock (_lock)
        {
            if (condition(_acknowledged))
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, reached));
            return reached.Task;
        }
    }
}
