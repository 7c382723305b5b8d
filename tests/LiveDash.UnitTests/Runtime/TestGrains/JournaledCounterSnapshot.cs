namespace LiveDash.UnitTests.Runtime.TestGrains;

/// <summary>The whole state of <see cref="JournaledCounterGrain"/>: the total and how many amounts made it.</summary>
public sealed class JournaledCounterSnapshot
{
    public int Total { get; set; }

    public int Count { get; set; }
}
