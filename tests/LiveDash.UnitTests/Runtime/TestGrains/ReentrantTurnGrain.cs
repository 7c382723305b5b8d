using LiveDash.Runtime;

namespace LiveDash.UnitTests.Runtime.TestGrains;

/// <summary>The turn grain, reentrant.</summary>
[Reentrant]
[GrainType("reentrant-turn")]
public sealed class ReentrantTurnGrain : TurnGrainBase, IReentrantTurnGrain
{
    public ReentrantTurnGrain(GrainProbe probe)
        : base(probe)
    {
    }
}
