using System.Diagnostics;

namespace LiveDash.Baselines.Hosting;

/// <summary>
/// Stops the host when the parent process (the bench) is gone, so a bench killed with SIGKILL does
/// not leave a server holding thousands of sockets. Polls once a second.
/// </summary>
internal sealed class ParentWatch : BackgroundService
{
    private readonly int _parentProcessId;
    private readonly IHostApplicationLifetime _lifetime;

    public ParentWatch(int parentProcessId, IHostApplicationLifetime lifetime)
    {
        _parentProcessId = parentProcessId;
        _lifetime = lifetime;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!IsAlive(_parentProcessId))
                {
                    _lifetime.StopApplication();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
