using LiveDash.Runtime.Streaming;
using Xunit;

namespace LiveDash.IntegrationTests.Streaming;

/// <summary>Checks on what an observer saw.</summary>
internal static class StreamHistory
{
    /// <summary>
    /// Asserts the observer never skipped an item silently: within an epoch each item follows the one
    /// before by exactly 1, and every jump (a new epoch, or a sequence gap) is announced by a reset
    /// whose position the next item follows.
    /// </summary>
    public static void AssertNoSilentGap<T>(RecordingObserver<T> observer, StreamSequenceToken start)
    {
        var position = start;
        foreach (var entry in observer.Events)
        {
            if (entry.StartsWith("reset ", StringComparison.Ordinal))
            {
                var reset = observer.Resets.First(r => entry.EndsWith($"to {r.Position}", StringComparison.Ordinal));
                position = reset.Position;
            }
            else if (entry.StartsWith("item ", StringComparison.Ordinal))
            {
                var token = Parse(entry["item ".Length..]);
                Assert.True(
                    token.Epoch == position.Epoch && token.Sequence == position.Sequence + 1,
                    $"item {token} followed {position} without a reset; events: {string.Join(", ", observer.Events)}");
                position = token;
            }
        }
    }

    private static StreamSequenceToken Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return new StreamSequenceToken(long.Parse(text[..colon], System.Globalization.CultureInfo.InvariantCulture), long.Parse(text[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
