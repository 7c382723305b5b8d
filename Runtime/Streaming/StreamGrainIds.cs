namespace LiveDash.Runtime.Streaming;

/// <summary>
/// How a stream maps onto the grain that carries it (its rendezvous grain), and where that grain is
/// placed: with the grain named like the stream, so a grain's own stream lives on its silo.
/// </summary>
internal static class StreamGrainIds
{
    /// <summary>The grain type of stream rendezvous grains; '$' keeps it apart from application grain types.</summary>
    public const string RendezvousGrainType = "$stream";

    /// <summary>The rendezvous grain of <paramref name="streamId"/>.</summary>
    public static GrainId ForStream(StreamId streamId) => new(RendezvousGrainType, streamId.ToString());

    /// <summary>The stream a rendezvous grain carries, or false when <paramref name="grainId"/> is not one.</summary>
    public static bool TryGetStream(GrainId grainId, out StreamId streamId)
    {
        if (grainId.Type == RendezvousGrainType)
        {
            streamId = StreamId.Parse(grainId.Key);
            return true;
        }

        streamId = default;
        return false;
    }

    /// <summary>
    /// The id whose owner hosts <paramref name="grainId"/>: for a rendezvous grain the grain named by its
    /// stream (<c>$stream/metric/cpu.load</c> goes where <c>metric/cpu.load</c> is), otherwise the id itself.
    /// </summary>
    public static GrainId PlacedWith(GrainId grainId)
    {
        if (grainId.Type != RendezvousGrainType)
        {
            return grainId;
        }

        var slash = grainId.Key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < grainId.Key.Length - 1
            ? new GrainId(grainId.Key[..slash], grainId.Key[(slash + 1)..])
            : grainId;
    }
}
