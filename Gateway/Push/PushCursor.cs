using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using LiveDash.Grains;
using LiveDash.Runtime.Streaming;

namespace LiveDash.Gateway.Push;

/// <summary>
/// A position in every topic of a push connection: the SSE <c>id</c>, the long-poll <c>cursor</c>,
/// the WebSocket <c>cursor</c>. Opaque to clients; parsed back on resume.
/// </summary>
/// <remarks>
/// Wire form: one segment per topic, joined by <c>,</c>; a segment is
/// <c>&lt;topic hash, 8 hex&gt;:&lt;epoch, base 36&gt;:&lt;seq, base 36&gt;</c>, e.g.
/// <c>5f2c09a1:kx8f3a9z4:2bq</c>. A topic is named by the FNV-1a hash of its string form, so a cursor
/// stays short however long the names are, and a segment means the same on every gateway. A
/// one-topic cursor is that topic's segment, which every connection shares: the gateway writes it
/// without formatting anything per connection. Two topics of one cursor with the same hash make
/// both positions unknown (the client gets snapshots), never a wrong replay. A cursor that does
/// not parse is treated as absent.
/// </remarks>
public sealed class PushCursor
{
    /// <summary>The longest cursor accepted, in characters (64 topics need about 1,700).</summary>
    public const int MaxLength = 4096;

    private readonly Dictionary<uint, StreamSequenceToken?> _positions;

    private PushCursor(Dictionary<uint, StreamSequenceToken?> positions)
    {
        _positions = positions;
    }

    /// <summary>How many topic segments the cursor holds.</summary>
    public int Count => _positions.Count;

    /// <summary>Parses a cursor; false for null, empty, over <see cref="MaxLength"/> or malformed.</summary>
    /// <param name="value">The wire form.</param>
    /// <param name="cursor">The parsed cursor.</param>
    /// <returns>Whether <paramref name="value"/> is a cursor.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out PushCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        var positions = new Dictionary<uint, StreamSequenceToken?>();
        foreach (var range in value.AsSpan().Split(','))
        {
            var segment = value.AsSpan(range);
            if (!TryParseSegment(segment, out var hash, out var position))
            {
                return false;
            }

            // A repeated hash is ambiguous: remember that, so neither topic resumes from a guess.
            positions[hash] = positions.ContainsKey(hash) ? null : position;
        }

        cursor = new PushCursor(positions);
        return true;
    }

    /// <summary>The position this cursor holds for <paramref name="topic"/>, or null when it holds none (or an ambiguous one).</summary>
    /// <param name="topic">The topic.</param>
    /// <returns>The position, or null.</returns>
    public StreamSequenceToken? PositionOf(Topic topic)
        => _positions.TryGetValue(HashOf(topic), out var position) ? position : null;

    /// <summary>The segment of one topic at one position; also the whole cursor of a one-topic connection.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="position">Its position.</param>
    /// <returns>The segment.</returns>
    public static string Segment(Topic topic, StreamSequenceToken position)
    {
        var builder = new StringBuilder(32);
        AppendSegment(builder, HashOf(topic), position);
        return builder.ToString();
    }

    /// <summary>Formats a cursor from the positions of several topics, in the order given.</summary>
    /// <param name="positions">Each topic's position.</param>
    /// <returns>The wire form; empty when there are no positions.</returns>
    public static string Format(IEnumerable<KeyValuePair<Topic, StreamSequenceToken>> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var builder = new StringBuilder();
        foreach (var (topic, position) in positions)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            AppendSegment(builder, HashOf(topic), position);
        }

        return builder.ToString();
    }

    /// <summary>The epoch as written on the wire (the <c>epoch</c> of events): base 36, lower case.</summary>
    /// <param name="epoch">The stream epoch (never negative).</param>
    /// <returns>The text.</returns>
    public static string FormatEpoch(long epoch) => ToBase36(epoch);

    /// <summary>FNV-1a over the topic's string form: stable across processes and versions.</summary>
    internal static uint HashOf(Topic topic)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        var text = topic.ToString();
        foreach (var c in text)
        {
            // Topic names are ASCII ([A-Za-z0-9._-] plus the prefix), so a char is a byte.
            hash = (hash ^ c) * prime;
        }

        return hash;
    }

    private static void AppendSegment(StringBuilder builder, uint hash, StreamSequenceToken position)
    {
        builder.Append(hash.ToString("x8", CultureInfo.InvariantCulture));
        builder.Append(':').Append(ToBase36(position.Epoch));
        builder.Append(':').Append(ToBase36(position.Sequence));
    }

    private static bool TryParseSegment(ReadOnlySpan<char> segment, out uint hash, out StreamSequenceToken position)
    {
        hash = 0;
        position = default;
        var first = segment.IndexOf(':');
        if (first != 8 || !uint.TryParse(segment[..8], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out hash))
        {
            return false;
        }

        var rest = segment[(first + 1)..];
        var second = rest.IndexOf(':');
        if (second <= 0
            || !TryFromBase36(rest[..second], out var epoch)
            || !TryFromBase36(rest[(second + 1)..], out var sequence))
        {
            return false;
        }

        position = new StreamSequenceToken(epoch, sequence);
        return true;
    }

    private static string ToBase36(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        if (value == 0)
        {
            return "0";
        }

        Span<char> buffer = stackalloc char[13];
        var i = buffer.Length;
        while (value > 0)
        {
            var digit = (int)(value % 36);
            buffer[--i] = (char)(digit < 10 ? '0' + digit : 'a' + digit - 10);
            value /= 36;
        }

        return new string(buffer[i..]);
    }

    private static bool TryFromBase36(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 13)
        {
            return false;
        }

        foreach (var c in text)
        {
            int digit;
            if (c is >= '0' and <= '9')
            {
                digit = c - '0';
            }
            else if (c is >= 'a' and <= 'z')
            {
                digit = c - 'a' + 10;
            }
            else
            {
                return false;
            }

            if (value > (long.MaxValue - digit) / 36)
            {
                return false;
            }

            value = (value * 36) + digit;
        }

        return true;
    }
}
