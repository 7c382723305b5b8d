namespace LiveDash.Runtime;

/// <summary>How a grain timer ticks (the shape of Orleans's options of the same name).</summary>
public readonly record struct GrainTimerCreationOptions
{
    /// <summary>Delay before the first tick.</summary>
    public TimeSpan DueTime { get; init; }

    /// <summary>
    /// Delay between the end of one tick and the start of the next (ticks never overlap);
    /// <see cref="Timeout.InfiniteTimeSpan"/> for a single tick.
    /// </summary>
    public TimeSpan Period { get; init; }

    /// <summary>
    /// When true the tick may interleave with calls at their awaits instead of waiting for a free
    /// turn. Default false: a tick is a turn like any call.
    /// </summary>
    public bool Interleave { get; init; }

    /// <summary>When true a tick counts as activity and keeps the activation from idle collection. Default false.</summary>
    public bool KeepAlive { get; init; }
}
