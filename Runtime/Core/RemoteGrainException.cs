namespace LiveDash.Runtime;

/// <summary>
/// A grain on another silo threw an exception whose type this process cannot recreate (it does not
/// know the type, or the type has no constructor taking a message). Type name and message are kept.
/// </summary>
public sealed class RemoteGrainException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RemoteGrainException(string remoteType, string message, string? remoteStackTrace)
        : base($"{remoteType}: {message}")
    {
        RemoteType = remoteType;
        RemoteStackTrace = remoteStackTrace;
    }

    /// <summary>The full name of the exception type thrown remotely.</summary>
    public string RemoteType { get; }

    /// <summary>The stack trace on the remote silo.</summary>
    public string? RemoteStackTrace { get; }
}
