namespace LiveDash.UnitTests.Runtime.TestGrains;

/// <summary>The non-reentrant turn grain.</summary>
public sealed class TurnGrain : TurnGrainBase, ITurnGrain
{
    public TurnGrain(GrainProbe probe)
        : base(probe)
    {
    }
}
