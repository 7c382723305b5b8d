using LiveDash.Runtime.Streaming.Rendezvous;
using LiveDash.TestingHost;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Streaming.Rendezvous;

public sealed class StreamEpochsTests
{
    private const long JavaScriptSafeLimit = 1L << 53;

    [Fact]
    public void Next_ClockThatDoesNotMove_StrictlyIncreases()
    {
        var time = new ManualTimeProvider();
        var previous = StreamEpochs.Next(time);

        for (var i = 0; i < 10_000; i++)
        {
            var next = StreamEpochs.Next(time);
            Assert.True(next > previous, $"Epoch {next} followed {previous}; epochs must only grow.");
            previous = next;
        }
    }

    [Fact]
    public void Next_ClockGoingBackwards_StillIncreases()
    {
        var later = StreamEpochs.Next(new ManualTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)));

        var earlier = StreamEpochs.Next(new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        Assert.True(earlier > later, $"Epoch {earlier} followed {later}; epochs must only grow.");
    }

    [Fact]
    public void Next_IsTheClockInMillisecondsTimes1024PlusRandomBits_BelowTwoToThe53UntilTheYear2248()
    {
        // Far ahead of any other test's clock, so the process-wide "last epoch" does not lift it.
        var now = new DateTimeOffset(2247, 12, 31, 0, 0, 0, TimeSpan.Zero);

        var epoch = StreamEpochs.Next(new ManualTimeProvider(now));

        Assert.InRange(epoch, now.ToUnixTimeMilliseconds() << 10, (now.ToUnixTimeMilliseconds() << 10) + 1023);
        Assert.True(epoch < JavaScriptSafeLimit, $"Epoch {epoch} is not below 2^53.");
    }

    [Fact]
    public async Task Next_FromManyThreadsAtOnce_NeverRepeats()
    {
        var time = new ManualTimeProvider();

        var batches = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 5_000).Select(_ => StreamEpochs.Next(time)).ToArray())));

        var all = batches.SelectMany(b => b).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.All(batches, b => Assert.Equal(b.Order(), b));
        Assert.All(all, e => Assert.True(e < JavaScriptSafeLimit, $"Epoch {e} is not below 2^53."));
    }
}
