namespace LiveDash.Runtime.Streaming;

/// <summary>Why a subscriber cannot have the items it missed.</summary>
public enum StreamResetReason
{
    /// <summary>The stream has a new epoch: its producer was reactivated without its replay buffer.</summary>
    EpochChanged = 1,

    /// <summary>The missed items are older than the producer's replay buffer keeps (by count or by age).</summary>
    TooOld = 2,
}
