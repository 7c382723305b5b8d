namespace LiveDash.Runtime.Invocation;

/// <summary>The result type of grain methods that return a plain <see cref="Task"/> or <see cref="ValueTask"/>.</summary>
internal readonly struct NoResult
{
}
