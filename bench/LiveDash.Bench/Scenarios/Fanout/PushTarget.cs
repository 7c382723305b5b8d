namespace LiveDash.Bench.Scenarios.Fanout;

/// <summary>
/// A server the fanout and connections scenarios measure. Adding one (the gateway) is one entry in
/// <see cref="PushTargets.All"/>: how to start it, where its clients connect and how they speak.
/// </summary>
/// <param name="Name">Row name in the table (<c>raw-sse</c>, <c>signalr</c>, <c>gateway-sse</c>).</param>
/// <param name="IsBaseline">The row others are compared with (one per scenario).</param>
/// <param name="Transport">The load generator's <c>--transport</c>: <c>sse</c>, <c>signalr</c> or <c>ws</c>.</param>
/// <param name="Path">Path (and query) clients connect to, e.g. <c>/raw/sse</c>.</param>
/// <param name="StatsPath">
/// A <c>/stats</c>-style endpoint answering <c>?gc=1</c> with <c>managedHeapBytes</c> after a full
/// collection and <c>allocatedBytes</c>; null when the target has none (its heap and B/op columns
/// show "-"; CPU and RSS are read from procfs for every target).
/// </param>
/// <param name="Start">
/// Starts the server on 127.0.0.1 at the given port, publishing the given events per second to every
/// client (0: no publisher). Events must carry <c>"ts":&lt;Unix µs of publish&gt;</c> in their JSON
/// (or the key in <see cref="LoadGenArguments"/>' <c>--ts-key</c>).
/// </param>
internal sealed record PushTarget(
    string Name,
    bool IsBaseline,
    string Transport,
    string Path,
    string? StatsPath,
    Func<PushTargetLaunch, Hosting.ChildProcess> Start)
{
    /// <summary>Extra load-generator arguments (the gateway's <c>--ts-key last</c>, a WebSocket subscribe <c>--hello</c>).</summary>
    public IReadOnlyList<string> LoadGenArguments { get; init; } = [];

    /// <summary>
    /// For a server that does not publish by itself (the gateway): the metric the bench writes at the
    /// launch's rate with a <see cref="MetricPublisher"/> (one first point even at rate 0, so the topic exists).
    /// </summary>
    public string? PublishedMetric { get; init; }

    /// <summary>Stats come from the startup hook on <see cref="PushTargetLaunch.StatsPort"/>, not from the server's own port.</summary>
    public bool StatsOnHookPort { get; init; }
}

/// <summary>What a target is started with.</summary>
/// <param name="Port">127.0.0.1 port to listen on.</param>
/// <param name="EventsPerSecond">Publish rate; 0 = none (idle connections).</param>
/// <param name="ParentProcessId">The bench's id, for targets that exit when it is gone.</param>
/// <param name="Log">Where the child's stderr goes.</param>
/// <param name="StatsPort">A free 127.0.0.1 port for the stats startup hook (targets with <see cref="PushTarget.StatsOnHookPort"/>).</param>
internal sealed record PushTargetLaunch(int Port, double EventsPerSecond, int ParentProcessId, TextWriter Log, int StatsPort);
