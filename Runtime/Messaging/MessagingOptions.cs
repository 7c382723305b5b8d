namespace LiveDash.Runtime.Messaging;

/// <summary>Grain call options (configuration section <c>LiveDash:Runtime:Messaging</c>).</summary>
public sealed class MessagingOptions
{
    /// <summary>Configuration section the silo binds these options from.</summary>
    public const string SectionName = "LiveDash:Runtime:Messaging";

    /// <summary>
    /// How long a caller waits for a grain call before it fails with <see cref="TimeoutException"/>;
    /// a request still queued at its deadline is never run, and a running one sees its
    /// <see cref="CancellationToken"/> cancelled. Default: 30 s. Range: 10 ms to 1 h.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often in-flight calls are checked against their deadlines; a timed-out call fails at most
    /// this late. One shared scan instead of a timer per call keeps calls cheap. Default: 100 ms.
    /// Range: 1 ms to 10 s.
    /// </summary>
    public TimeSpan DeadlineCheckInterval { get; set; } = TimeSpan.FromMilliseconds(100);
}
