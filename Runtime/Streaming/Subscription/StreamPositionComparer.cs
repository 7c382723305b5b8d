namespace LiveDash.Runtime.Streaming.Subscription;

/// <summary>Orders stream positions by epoch, then sequence.</summary>
internal sealed class StreamPositionComparer : IComparer<StreamSequenceToken>
{
    public static readonly StreamPositionComparer Instance = new();

    public int Compare(StreamSequenceToken x, StreamSequenceToken y)
        => x.Epoch != y.Epoch ? x.Epoch.CompareTo(y.Epoch) : x.Sequence.CompareTo(y.Sequence);
}
