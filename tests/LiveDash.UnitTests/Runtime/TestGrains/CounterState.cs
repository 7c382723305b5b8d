namespace LiveDash.UnitTests.Runtime.TestGrains;

public sealed class CounterState
{
    public int Total { get; set; }
}
