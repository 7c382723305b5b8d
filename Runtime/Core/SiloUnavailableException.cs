namespace LiveDash.Runtime;

/// <summary>The silo that should run a call cannot: it is stopping or unreachable. Retrying later may succeed.</summary>
public sealed class SiloUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SiloUnavailableException(string message)
        : base(message)
    {
    }
}
