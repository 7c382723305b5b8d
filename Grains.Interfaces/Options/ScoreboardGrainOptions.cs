namespace LiveDash.Grains;

/// <summary>Limits of scoreboard grains; checked at start by <see cref="ScoreboardGrainOptionsValidator"/>.</summary>
public sealed class ScoreboardGrainOptions
{
    /// <summary>
    /// Most entries one board may hold. A command that would exceed it is rejected whole with
    /// <see cref="BoardEntryLimitExceededException"/>. Default: 1000.
    /// </summary>
    public int MaxEntries { get; set; } = 1000;

    /// <summary>Longest board title, in characters. Default: 200.</summary>
    public int MaxTitleLength { get; set; } = 200;

    /// <summary>How long an applied batch id is remembered to drop retries. Default: 10 minutes.</summary>
    public TimeSpan BatchIdRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Most batch ids remembered per board; the oldest is forgotten first when exceeded, even
    /// within <see cref="BatchIdRetention"/>. Default: 4096.
    /// </summary>
    public int MaxRememberedBatchIds { get; set; } = 4096;
}
