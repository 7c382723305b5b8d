using LiveDash.Grains;
using LiveDash.Runtime.Streaming;

namespace LiveDash.Gateway.Push;

/// <summary>One connection following one topic: the link between a <see cref="PushConnection"/> and a topic channel.</summary>
/// <remarks>
/// <see cref="LastQueued"/>, <see cref="Collapsed"/> and <see cref="Removed"/> are guarded by the
/// connection's lock (the channel offers events under it); <see cref="LastWritten"/> and
/// <see cref="LastWrittenSegment"/> belong to the connection's single reader.
/// </remarks>
internal sealed class TopicMembership(PushConnection connection, Topic topic, ITopicChannel channel)
{
    public PushConnection Connection { get; } = connection;

    public Topic Topic { get; } = topic;

    public ITopicChannel Channel { get; } = channel;

    /// <summary>The position of the newest event queued for this topic: later offers at or before it are duplicates.</summary>
    public StreamSequenceToken? LastQueued { get; set; }

    /// <summary>The connection was behind: a marker is queued that writes the topic's newest snapshot, and updates are not queued meanwhile.</summary>
    public bool Collapsed { get; set; }

    /// <summary>The connection unsubscribed: queued events of this topic are skipped.</summary>
    public bool Removed { get; set; }

    /// <summary>The position of the newest event taken by the reader (the connection's cursor for this topic).</summary>
    public StreamSequenceToken? LastWritten { get; set; }

    /// <summary>The cursor segment of <see cref="LastWritten"/>.</summary>
    public string? LastWrittenSegment { get; set; }
}
