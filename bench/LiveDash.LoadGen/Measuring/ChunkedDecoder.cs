namespace LiveDash.LoadGen.Measuring;

/// <summary>
/// Streaming decoder for an HTTP/1.1 chunked body (<c>hex-size[;ext]\r\n data \r\n</c> … <c>0\r\n\r\n</c>),
/// fed in arbitrary pieces; hands the data bytes to an <see cref="IBodySink"/>. Trailers are
/// not parsed: the body of an event stream ends only when the connection does.
/// </summary>
internal sealed class ChunkedDecoder
{
    private readonly IBodySink _scanner;
    private State _state = State.Size;
    private long _remaining;

    public ChunkedDecoder(IBodySink scanner)
    {
        _scanner = scanner;
    }

    private enum State
    {
        Size,
        Extension,
        Data,
        DataEnd,
        Finished,
    }

    /// <summary>True once the last (zero-size) chunk has arrived.</summary>
    public bool IsFinished => _state == State.Finished;

    /// <summary>Decodes <paramref name="bytes"/>; false on a malformed size line.</summary>
    public bool Feed(ReadOnlySpan<byte> bytes, long arrivedUnixMicroseconds)
    {
        while (!bytes.IsEmpty)
        {
            switch (_state)
            {
                case State.Data:
                    var take = (int)Math.Min(_remaining, bytes.Length);
                    _scanner.Feed(bytes[..take], arrivedUnixMicroseconds);
                    bytes = bytes[take..];
                    _remaining -= take;
                    if (_remaining == 0)
                    {
                        _state = State.DataEnd;
                    }

                    break;
                case State.Finished:
                    return true;
                default:
                    if (!Step(bytes[0]))
                    {
                        return false;
                    }

                    bytes = bytes[1..];
                    break;
            }
        }

        return true;
    }

    private bool Step(byte b)
    {
        switch (_state)
        {
            case State.Size when HexValue(b) is var digit and >= 0:
                _remaining = (_remaining * 16) + digit;
                return _remaining < int.MaxValue;
            case State.Size or State.Extension when b == '\n':
                _state = _remaining == 0 ? State.Finished : State.Data;
                return true;
            case State.Size when b == ';':
                _state = State.Extension;
                return true;
            case State.Size or State.Extension or State.DataEnd when b == '\r':
                return true;
            case State.Size:
                return false;
            case State.Extension:
                return true;
            case State.DataEnd when b == '\n':
                _state = State.Size;
                return true;
            default:
                return false;
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
