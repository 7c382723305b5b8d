namespace LiveDash.Gateway.Diagnostics;

/// <summary>
/// The gateway's self-metrics (configuration section <c>LiveDash:Gateway:SelfMetrics</c>): its own figures
/// written as <c>metric:livedash.gateway.*</c> topics. Validated at start by <see cref="SelfMetricsOptionsValidator"/>.
/// </summary>
public sealed class SelfMetricsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "LiveDash:Gateway:SelfMetrics";

    /// <summary>The shortest <see cref="Interval"/> accepted: 100 ms.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest <see cref="Interval"/> accepted: 5 minutes, the span a metric topic charts.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromMinutes(5);

    /// <summary>Whether the gateway writes its figures (default <see langword="true"/>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How often the figures are written, and the window each <c>*_per_second</c> rate is averaged over
    /// (default 2 s; 100 ms to 5 minutes). Each tick is one durable grain write per metric.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);
}
