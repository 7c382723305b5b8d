using System.Text.Json.Serialization.Metadata;

namespace LiveDash.Runtime.Serialization;

/// <summary>
/// How the runtime turns grain state (and, across silos, call arguments) into bytes.
/// Register System.Text.Json source-generated contexts here so no reflection runs on hot paths.
/// </summary>
public sealed class SerializationOptions
{
    /// <summary>
    /// Resolvers consulted in order; the first that knows a type wins. Reflection-based resolution
    /// is the last resort so a missing context costs speed, not correctness.
    /// Default: empty (reflection only).
    /// </summary>
    public IList<IJsonTypeInfoResolver> TypeInfoResolvers { get; } = new List<IJsonTypeInfoResolver>();
}
