namespace LiveDash.LoadGen.Measuring;

/// <summary>
/// Finds every <c>"ts":&lt;digits&gt;</c> in a byte stream fed in arbitrary pieces (one per receive),
/// without buffering: a small state machine carries a match or a number across pieces. Each match
/// is one delivery. Works on SSE <c>data:</c> lines and SignalR or WebSocket JSON alike, because
/// only the event's JSON contains the key (<c>"arguments":</c> does not match: the quote must come
/// right before <c>t</c>).
/// </summary>
internal sealed class TimestampScanner
{
    private static ReadOnlySpan<byte> Key => "\"ts\":"u8;

    private readonly DeliveryRecorder _recorder;
    private int _matched;
    private bool _inNumber;
    private int _digits;
    private long _value;

    public TimestampScanner(DeliveryRecorder recorder)
    {
        _recorder = recorder;
    }

    public void Feed(ReadOnlySpan<byte> bytes, long arrivedUnixMicroseconds)
    {
        foreach (var b in bytes)
        {
            if (_inNumber)
            {
                if (b is >= (byte)'0' and <= (byte)'9')
                {
                    _value = (_value * 10) + (b - '0');
                    _digits++;
                    continue;
                }

                if (b == ' ' && _digits == 0)
                {
                    continue;
                }

                // A key with no number after it ("ts":"x") is not an event of ours: ignored.
                if (_digits > 0)
                {
                    _recorder.Record(_value, arrivedUnixMicroseconds);
                }

                _inNumber = false;
                _digits = 0;
                _value = 0;
            }

            if (b == Key[_matched])
            {
                if (++_matched == Key.Length)
                {
                    _matched = 0;
                    _inNumber = true;
                }
            }
            else
            {
                // The key's only repeated byte is its opening quote.
                _matched = b == Key[0] ? 1 : 0;
            }
        }
    }
}
