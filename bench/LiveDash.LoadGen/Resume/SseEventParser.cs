using System.Text;
using LiveDash.LoadGen.Measuring;

namespace LiveDash.LoadGen.Resume;

/// <summary>
/// A streaming parser of the gateway's event stream for the storm client: it reads each line as bytes
/// arrive, without buffering <c>data:</c> lines (a snapshot can be kilobytes and 10k clients hold one
/// parser each), and from each event keeps what continuity checking needs: its name, its top-level
/// <c>"seq"</c> (the first in the data: it precedes <c>"data"</c>), whether it says
/// <c>"recovered":false</c>, and its <c>id:</c> (the cursor to resume from, kept across connections).
/// </summary>
internal sealed class SseEventParser : IBodySink
{
    private const int MaxIdBytes = 256;

    private static readonly byte[] s_seqKey = "\"seq\":"u8.ToArray();
    private static readonly byte[] s_unrecovered = "\"recovered\":false"u8.ToArray();

    private readonly ISseEventHandler _handler;
    private readonly byte[] _head = new byte[MaxIdBytes];
    private readonly byte[] _lastId = new byte[MaxIdBytes];
    private int _headLength;
    private Field _field = Field.Undecided;
    private int _lastIdLength;

    // The event being read.
    private SseEventKind _kind = SseEventKind.Other;
    private long _seq = -1;
    private bool _unrecoveredSeen;
    private bool _hasFields;

    // Matchers inside a data line.
    private int _seqMatched;
    private bool _inSeq;
    private long _seqValue;
    private int _unrecoveredMatched;

    public SseEventParser(ISseEventHandler handler)
    {
        _handler = handler;
    }

    private enum Field
    {
        Undecided,
        Event,
        Data,
        Id,
        Ignored,
    }

    /// <summary>The last <c>id:</c> received (any connection); empty before the first.</summary>
    public ReadOnlySpan<byte> LastId => _lastId.AsSpan(0, _lastIdLength);

    public string LastIdText => Encoding.ASCII.GetString(LastId);

    /// <summary>Forgets a partly received line and event (the connection it came from is gone); keeps <see cref="LastId"/>.</summary>
    public void ResetConnection()
    {
        _headLength = 0;
        _field = Field.Undecided;
        EndEvent();
    }

    public void Feed(ReadOnlySpan<byte> bytes, long arrivedUnixMicroseconds)
    {
        foreach (var b in bytes)
        {
            if (b == '\n')
            {
                EndLine();
                continue;
            }

            if (b == '\r')
            {
                continue;
            }

            switch (_field)
            {
                case Field.Undecided:
                    _head[_headLength++] = b;
                    Decide();
                    break;
                case Field.Event or Field.Id:
                    if (_headLength < _head.Length)
                    {
                        _head[_headLength++] = b;
                    }

                    break;
                case Field.Data:
                    ScanData(b);
                    break;
            }
        }
    }

    /// <summary>Decides the line's field once its name and colon (and optional space) are in.</summary>
    private void Decide()
    {
        var head = _head.AsSpan(0, _headLength);
        var field = head switch
        {
            [(byte)':', ..] => Field.Ignored,
            _ when head.SequenceEqual("event: "u8) => Field.Event,
            _ when head.SequenceEqual("data: "u8) => Field.Data,
            _ when head.SequenceEqual("id: "u8) => Field.Id,
            // Longer than every name we read ("event: "): a field we ignore (retry:).
            _ when head.Length >= 7 => Field.Ignored,
            _ => Field.Undecided,
        };
        if (field != Field.Undecided)
        {
            _field = field;
            _headLength = 0;
        }
    }

    private void ScanData(byte b)
    {
        if (_inSeq)
        {
            if (b is >= (byte)'0' and <= (byte)'9')
            {
                _seqValue = (_seqValue * 10) + (b - '0');
                return;
            }

            _inSeq = false;
            if (_seq < 0)
            {
                _seq = _seqValue;
            }
        }

        if (_seq < 0)
        {
            _seqMatched = b == s_seqKey[_seqMatched] ? _seqMatched + 1 : (b == s_seqKey[0] ? 1 : 0);
            if (_seqMatched == s_seqKey.Length)
            {
                _seqMatched = 0;
                _inSeq = true;
                _seqValue = 0;
            }
        }

        if (!_unrecoveredSeen)
        {
            _unrecoveredMatched = b == s_unrecovered[_unrecoveredMatched] ? _unrecoveredMatched + 1 : (b == s_unrecovered[0] ? 1 : 0);
            _unrecoveredSeen = _unrecoveredMatched == s_unrecovered.Length;
        }
    }

    private void EndLine()
    {
        switch (_field)
        {
            case Field.Undecided when _headLength == 0:
                // A blank line ends the event.
                if (_hasFields)
                {
                    _handler.OnEvent(_kind, _seq, _unrecoveredSeen);
                }

                EndEvent();
                break;
            case Field.Event:
                var name = _head.AsSpan(0, _headLength);
                _kind = name.SequenceEqual("update"u8) ? SseEventKind.Update
                    : name.SequenceEqual("snapshot"u8) ? SseEventKind.Snapshot
                    : name.SequenceEqual("reset"u8) ? SseEventKind.Reset
                    : name.SequenceEqual("disconnect"u8) ? SseEventKind.Disconnect
                    : SseEventKind.Other;
                _hasFields = true;
                break;
            case Field.Id:
                _head.AsSpan(0, _headLength).CopyTo(_lastId);
                _lastIdLength = _headLength;
                _hasFields = true;
                break;
            case Field.Data:
                if (_inSeq && _seq < 0)
                {
                    _seq = _seqValue;
                }

                _inSeq = false;
                _hasFields = true;
                break;
        }

        _field = Field.Undecided;
        _headLength = 0;
    }

    private void EndEvent()
    {
        _kind = SseEventKind.Other;
        _seq = -1;
        _unrecoveredSeen = false;
        _hasFields = false;
        _seqMatched = 0;
        _inSeq = false;
        _unrecoveredMatched = 0;
    }
}
