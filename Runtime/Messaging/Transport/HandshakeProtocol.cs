using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LiveDash.Runtime.Messaging.Transport;

/// <summary>
/// The exchange that opens every connection, before any <see cref="Message"/> frame: the connector
/// sends a <see cref="HandshakeRequest"/>, the acceptor answers with a <see cref="HandshakeResponse"/>.
/// Each is framed as a 4-byte magic (<c>LDT1</c>), a little-endian int32 length and that many bytes
/// of UTF-8 JSON. The magic makes a stray client (an HTTP probe, a port scanner) fail with a clear
/// reason instead of being read as a frame length.
/// </summary>
internal static class HandshakeProtocol
{
    /// <summary>The frame format this build speaks; a peer speaking another is refused.</summary>
    public const int Version = 1;

    // Handshakes are a few hundred bytes; anything larger is not a LiveDash peer.
    private const int MaxHandshakeBytes = 16 * 1024;
    private const int PreambleSize = 8;
    private static readonly uint s_magic = BinaryPrimitives.ReadUInt32LittleEndian("LDT1"u8);

    /// <summary>Writes and flushes one handshake body.</summary>
    public static async ValueTask WriteAsync<T>(PipeWriter output, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        var span = output.GetSpan(PreambleSize);
        BinaryPrimitives.WriteUInt32LittleEndian(span, s_magic);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], json.Length);
        output.Advance(PreambleSize);
        output.Write(json);
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Reads one handshake body. Throws <see cref="InvalidFrameException"/> when the bytes are not a
    /// handshake or the peer closes the connection first.
    /// </summary>
    public static async ValueTask<T> ReadAsync<T>(PipeReader input, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (TryParse(buffer, typeInfo, out var value, out var consumed))
            {
                input.AdvanceTo(buffer.GetPosition(consumed));
                return value;
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                throw new InvalidFrameException("The peer closed the connection during the handshake.");
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// Why the acceptor <paramref name="self"/> refuses <paramref name="request"/>, or null to accept.
    /// </summary>
    public static string? FindRefusal(HandshakeRequest request, string clusterId, SiloAddress self, PeerBlockList blocks)
    {
        if (request.ProtocolVersion != Version)
        {
            return $"protocol version {request.ProtocolVersion} != {Version}";
        }

        if (!string.Equals(request.ClusterId, clusterId, StringComparison.Ordinal))
        {
            return $"cluster id '{request.ClusterId}' != '{clusterId}'";
        }

        if (!TryParseAddress(request.ExpectedTarget, out var expected) || expected != self)
        {
            // The usual cause: the caller holds the address of an earlier incarnation on this port.
            return $"this is silo {self}, not {request.ExpectedTarget}";
        }

        if (request.Sender is not null)
        {
            if (!TryParseAddress(request.Sender, out var sender))
            {
                return $"sender '{request.Sender}' is not a silo address";
            }

            if (blocks.IsBlocked(sender))
            {
                return $"silo {sender} is blocked by silo {self}";
            }
        }

        return null;
    }

    /// <summary>Parses an address from a handshake, without throwing on a malformed one.</summary>
    public static bool TryParseAddress(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SiloAddress? address)
    {
        address = null;
        if (text is null)
        {
            return false;
        }

        try
        {
            address = SiloAddress.Parse(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool TryParse<T>(ReadOnlySequence<byte> buffer, JsonTypeInfo<T> typeInfo, out T value, out long consumed)
    {
        value = default!;
        consumed = 0;
        if (buffer.Length < PreambleSize)
        {
            return false;
        }

        Span<byte> preamble = stackalloc byte[PreambleSize];
        buffer.Slice(0, PreambleSize).CopyTo(preamble);
        if (BinaryPrimitives.ReadUInt32LittleEndian(preamble) != s_magic)
        {
            throw new InvalidFrameException("The peer did not open with a LiveDash transport handshake.");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(preamble[4..]);
        if (length is < 0 or > MaxHandshakeBytes)
        {
            throw new InvalidFrameException($"A handshake of {length} bytes is outside 0..{MaxHandshakeBytes}.");
        }

        if (buffer.Length < PreambleSize + length)
        {
            return false;
        }

        var reader = new Utf8JsonReader(buffer.Slice(PreambleSize, length));
        value = JsonSerializer.Deserialize(ref reader, typeInfo)
            ?? throw new InvalidFrameException("The handshake body was JSON null.");
        consumed = PreambleSize + length;
        return true;
    }
}
