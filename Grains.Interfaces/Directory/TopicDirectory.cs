using LiveDash.Runtime;

namespace LiveDash.Grains;

/// <summary>How to reach the one <see cref="ITopicDirectoryGrain"/>.</summary>
public static class TopicDirectory
{
    /// <summary>The directory grain's key: there is one directory per cluster.</summary>
    public const string Key = "all";

    /// <summary>The directory grain.</summary>
    /// <param name="grains">A grain factory or cluster client.</param>
    /// <returns>A reference to the directory.</returns>
    public static ITopicDirectoryGrain Get(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<ITopicDirectoryGrain>(Key);
    }
}
