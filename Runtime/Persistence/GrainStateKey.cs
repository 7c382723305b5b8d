namespace LiveDash.Runtime;

/// <summary>
/// The identity of one stored record: (grain type, grain key, state name), compared ordinally.
/// </summary>
internal readonly record struct GrainStateKey(string GrainType, string GrainKey, string StateName)
{
    public static GrainStateKey From(string stateName, GrainId grainId) => new(grainId.Type, grainId.Key, stateName);
}
