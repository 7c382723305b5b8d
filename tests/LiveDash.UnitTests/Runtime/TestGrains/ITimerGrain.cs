using LiveDash.Runtime;

namespace LiveDash.UnitTests.Runtime.TestGrains;

public interface ITimerGrain : IGrainWithStringKey
{
    /// <summary>Starts a timer; tick n records tick-start:n, waits at gate tick-n, records tick-end:n.</summary>
    Task StartAsync(TimeSpan period);

    Task StopAsync();

    /// <summary>Records ping while no tick is inside the grain, else ping-during-tick.</summary>
    Task PingAsync();
}
