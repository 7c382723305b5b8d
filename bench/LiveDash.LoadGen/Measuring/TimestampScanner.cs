namespace LiveDash.LoadGen.Measuring;

/// <summary>
/// Finds every <c>"ts":&lt;digits&gt;</c> (or another key, <c>--ts-key</c>) in a byte stream fed in arbitrary pieces (one per receive),
/// without buffering: a small state machine carries a match or a number across pieces. Each match
/// is one delivery. Works on SSE <c>data:</c> lines and SignalR or WebSocket JSON alike, because
/// only the event's JSON contains the key (<c>"arguments":</c> does not match: the quote must come
/// right before <c>t</c>). The gateway's metric events carry the publish time as the series'
/// <c>"last"</c> value (the bench writes Unix µs as the point's value: an integer below 2^53, which
/// the gateway prints as digits), so they are scanned with the key <c>last</c>.
/// </summary>
internal sealed class TimestampScanner : IBodySink
{
    private readonly byte[] _key;
    private readonly DeliveryRecorder _recorder;
    private int _matched;
    private bool _inNumber;
    private int _digits;
    private long _value;
    private long _windowDeliveries;
    private bool _live;

    public TimestampScanner(DeliveryRecorder recorder, string key = "ts")
    {
        _recorder = recorder;
        _key = System.Text.Encoding.UTF8.GetBytes($"\"{key}\":");
    }

    /// <summary>
    /// This connection's deliveries inside the window. One client's bytes are fed by one receive loop at a
    /// time, so a plain field; read it once the loops have stopped.
    /// </summary>
    public long WindowDeliveries => _windowDeliveries;

    public void Feed(ReadOnlySpan<byte> bytes, long arrivedUnixMicroseconds)
    {
        var key = _key;
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
                    if (!_live)
                    {
                        _live = true;
                        _recorder.RecordFirstDelivery();
                    }

                    if (_recorder.Record(_value, arrivedUnixMicroseconds))
                    {
                        _windowDeliveries++;
                    }
                }

                _inNumber = false;
                _digits = 0;
                _value = 0;
            }

            if (b == key[_matched])
            {
                if (++_matched == key.Length)
                {
                    _matched = 0;
                    _inNumber = true;
                }
            }
            else
            {
                // Neither key has a repeated byte but its opening quote (so no partial re-match is missed).
                _matched = b == key[0] ? 1 : 0;
            }
        }
    }
}
