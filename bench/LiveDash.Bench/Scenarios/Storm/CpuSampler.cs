using System.Diagnostics;
using LiveDash.Bench.Hosting;

namespace LiveDash.Bench.Scenarios.Storm;

/// <summary>
/// Samples a process's CPU time (procfs, 10 ms ticks) every <see cref="s_period"/> until disposed, and
/// gives the busiest one-second window: the peak a storm puts on the gateway.
/// </summary>
internal sealed class CpuSampler : IAsyncDisposable
{
    private static readonly TimeSpan s_period = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_window = TimeSpan.FromSeconds(1);

    private readonly int _processId;
    private readonly List<(TimeSpan At, TimeSpan Cpu)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public CpuSampler(int processId)
    {
        _processId = processId;
        _loop = RunAsync();
    }

    /// <summary>CPU of the busiest window of about one second, in % of one core; NaN with fewer samples.</summary>
    public double PeakPercent()
    {
        lock (_samples)
        {
            var peak = double.NaN;
            for (int i = 0, j = 0; i < _samples.Count; i++)
            {
                while (j < _samples.Count && _samples[j].At - _samples[i].At < s_window)
                {
                    j++;
                }

                if (j == _samples.Count)
                {
                    break;
                }

                var percent = (_samples[j].Cpu - _samples[i].Cpu) / (_samples[j].At - _samples[i].At) * 100;
                peak = double.IsNaN(peak) ? percent : Math.Max(peak, percent);
            }

            return peak;
        }
    }

    /// <summary>CPU used from the first sample to the last.</summary>
    public TimeSpan Total()
    {
        lock (_samples)
        {
            return _samples.Count < 2 ? TimeSpan.Zero : _samples[^1].Cpu - _samples[0].Cpu;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(s_period);
        do
        {
            var cpu = ProcessMeter.CpuTime(_processId);
            lock (_samples)
            {
                _samples.Add((_clock.Elapsed, cpu));
            }
        }
        while (await timer.WaitForNextTickAsync(_stop.Token).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
    }
}
