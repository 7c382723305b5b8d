using System.Text.Json;
using LiveDash.Grains;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway.Sse;

/// <summary>
/// What a client holds of one topic after applying its events in order: a snapshot replaces the state, an
/// update must carry the next seq of the same epoch and is applied with <see cref="BoardSnapshot.Apply"/> or
/// <see cref="MetricSnapshot.Apply"/>. The state is kept as canonical JSON for comparison with the grain's.
/// </summary>
internal sealed class TopicReplica(string topic)
{
    private BoardSnapshot? _board;
    private MetricSnapshot? _metric;

    public string Topic { get; } = topic;

    public long Seq { get; private set; } = -1;

    public string? Epoch { get; private set; }

    public int Snapshots { get; private set; }

    public int Updates { get; private set; }

    /// <summary>The state as the grains' JSON context writes it.</summary>
    public string Json => _board is not null
        ? JsonSerializer.Serialize(_board, GrainsJsonContext.Default.BoardSnapshot)
        : JsonSerializer.Serialize(_metric ?? throw new InvalidOperationException($"No snapshot of {Topic} yet."), GrainsJsonContext.Default.MetricSnapshot);

    /// <summary>The grain's state, written the same way.</summary>
    public static string JsonOf<T>(T data) => JsonSerializer.Serialize(data, GrainsJsonContext.Default.Options);

    public void Apply(PushedEvent pushed)
    {
        Assert.Equal(Topic, pushed.Topic);
        switch (pushed.Type)
        {
            case "snapshot":
                Snapshots++;
                Seq = pushed.Seq;
                Epoch = pushed.Epoch;
                if (Topic.StartsWith(LiveDash.Grains.Topic.BoardPrefix, StringComparison.Ordinal))
                {
                    _board = pushed.Data.Deserialize(GrainsJsonContext.Default.BoardSnapshot);
                }
                else
                {
                    _metric = pushed.Data.Deserialize(GrainsJsonContext.Default.MetricSnapshot);
                }

                break;
            case "update":
                Assert.True(Epoch == pushed.Epoch, $"{pushed} is of epoch {pushed.Epoch}; {Topic} holds {Epoch}.");
                Assert.True(pushed.Seq == Seq + 1, $"{pushed} does not follow #{Seq} of {Topic}.");
                Updates++;
                Seq = pushed.Seq;
                if (_board is not null)
                {
                    _board = _board.Apply(pushed.Data.Deserialize(GrainsJsonContext.Default.BoardDelta)!);
                }
                else
                {
                    _metric = _metric!.Apply(pushed.Data.Deserialize(GrainsJsonContext.Default.MetricDelta)!);
                }

                break;
            default:
                throw new InvalidOperationException($"Unexpected {pushed}.");
        }
    }
}
