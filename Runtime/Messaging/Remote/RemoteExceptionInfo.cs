namespace LiveDash.Runtime.Messaging.Remote;

/// <summary>An exception as it crosses the wire: enough for the caller to rethrow the same type and message.</summary>
/// <param name="Type">The exception's type, assembly-qualified without version (<c>Namespace.Type, Assembly</c>).</param>
/// <param name="Message">Its message.</param>
/// <param name="StackTrace">Where it was thrown, on the remote silo; for logs.</param>
internal sealed record RemoteExceptionInfo(string Type, string Message, string? StackTrace);
