using LiveDash.Runtime.Messaging;
using LiveDash.UnitTests.Runtime.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Scheduling;

/// <summary>
/// Regression: the mailbox loop and the scheduler drain released their "running" flag with a
/// release-only write and then read the queue; the read could pass the write, so a message posted
/// in between was left in a mailbox nobody drained, and its caller timed out.
/// </summary>
public sealed class MailboxStressTests
{
    [Fact]
    public async Task ManyCallersHammeringOneActivation_EveryCallCompletes()
    {
        await using var silo = await TestSilo.StartAsync(configure: s => s.Services.Configure<MessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(20)));
        var grain = silo.GrainFactory.GetGrain<ITurnGrain>("hot");
        const int Callers = 64;
        const int CallsPerCaller = 3_000;

        var callers = Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < CallsPerCaller; i++)
            {
                await grain.PingAsync();
            }
        }));
        await Task.WhenAll(callers);

        Assert.Equal(Callers * CallsPerCaller, silo.Probe.Count("ping"));
    }
}
