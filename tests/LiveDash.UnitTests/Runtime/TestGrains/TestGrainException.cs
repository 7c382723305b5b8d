namespace LiveDash.UnitTests.Runtime.TestGrains;

/// <summary>An application exception type the caller must see unchanged.</summary>
public sealed class TestGrainException : Exception
{
    public TestGrainException(string message)
        : base(message)
    {
    }
}
