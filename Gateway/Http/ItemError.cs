namespace LiveDash.Gateway.Http;

/// <summary>
/// One entry of a batch error's <c>errors</c> array: which item was rejected and why
/// (<c>{"index":3,"field":"value","reason":"..."}</c>).
/// </summary>
/// <param name="Index">The 0-based index of the rejected item in the request (a point, a line, a board entry).</param>
/// <param name="Field">The offending field, or null when the item as a whole is wrong.</param>
/// <param name="Reason">What is wrong, in words a client developer can act on.</param>
public sealed record ItemError(int Index, string? Field, string Reason);
