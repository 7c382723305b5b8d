using LiveDash.Runtime;

namespace LiveDash.UnitTests.Runtime.TestGrains;

/// <summary>Grain code that measures how many turns are inside it at once; see its two subclasses.</summary>
public abstract class TurnGrainBase : Grain, ITurnOperations
{
    private readonly GrainProbe _probe;
    private int _inside;
    private int _maxInside;
    private int _calls;
    private int _onThread;
    private bool _parallel;

    protected TurnGrainBase(GrainProbe probe)
    {
        _probe = probe;
    }

    public async Task<int> EnterAsync()
    {
        _inside++;
        _maxInside = Math.Max(_maxInside, _inside);
        for (var i = 0; i < 4; i++)
        {
            CheckSingleThreaded();
            await Task.Yield();
        }

        _calls++;
        _inside--;
        return _calls;
    }

    public Task<int> GetMaxConcurrencyAsync() => Task.FromResult(_maxInside);

    public Task<bool> SawParallelExecutionAsync() => Task.FromResult(_parallel);

    public async Task WaitAtGateAsync(string gate)
    {
        _probe.Record("start:" + gate);
        await _probe.Gate(gate).Task;
        _probe.Record("end:" + gate);
    }

    public ValueTask<string> PingAsync()
    {
        _probe.Record("ping");
        return ValueTask.FromResult("pong");
    }

    /// <summary>Flags two threads inside the grain's synchronous code at the same instant.</summary>
    private void CheckSingleThreaded()
    {
        if (Interlocked.Exchange(ref _onThread, 1) == 1)
        {
            _parallel = true;
        }

        // Long enough that two threads running grain code at once would overlap here.
        Thread.SpinWait(20_000);
        Volatile.Write(ref _onThread, 0);
    }
}
