using LiveDash.Runtime;
using Microsoft.Extensions.Logging;

namespace LiveDash.Grains.Directory;

/// <summary>
/// How a metric or scoreboard grain keeps its topic listed in the <see cref="ITopicDirectoryGrain"/>:
/// the first change of an activation is reported and awaited before it is acknowledged (so a listing
/// right after the first write shows the topic); later changes refresh the topic's time at most every
/// <see cref="TopicDirectoryOptions.RefreshInterval"/>, without waiting (failures are logged). Used from
/// the grain's turns only.
/// </summary>
internal sealed class TopicDirectoryReporter
{
    private readonly Topic _topic;
    private readonly IGrainFactory _grains;
    private readonly TopicDirectoryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private bool _reported;
    private long _lastReportMs;

    /// <param name="topic">The grain's topic.</param>
    /// <param name="grains">The grain's factory, to reach the directory.</param>
    /// <param name="options">The refresh interval.</param>
    /// <param name="time">The grain's clock; reported times are its Unix milliseconds.</param>
    /// <param name="logger">For refreshes that fail.</param>
    public TopicDirectoryReporter(Topic topic, IGrainFactory grains, TopicDirectoryOptions options, TimeProvider time, ILogger logger)
    {
        _topic = topic;
        _grains = grains;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Before the grain stores its first change of this activation: reports the topic and waits until
    /// the directory holds it. When that fails the error propagates: the grain treats it as a failed
    /// write (rebuilds from storage), so nothing is acknowledged and a retry reports again.
    /// </summary>
    /// <param name="cancellationToken">The grain call's token.</param>
    /// <returns>A task that completes at once after the first report.</returns>
    public Task BeforeChangeAsync(CancellationToken cancellationToken)
        => _reported ? Task.CompletedTask : ReportFirstAsync(cancellationToken);

    /// <summary>After a stored change: refreshes the topic's time when the last report is older than the refresh interval.</summary>
    public void AfterChange()
    {
        var nowMs = NowMs();
        if (!_reported || nowMs - _lastReportMs < (long)_options.RefreshInterval.TotalMilliseconds)
        {
            return;
        }

        _lastReportMs = nowMs;
        var report = TopicDirectory.Get(_grains).ReportAsync(_topic, nowMs, CancellationToken.None);
        if (!report.IsCompletedSuccessfully)
        {
            _ = report.ContinueWith(
                static (task, state) =>
                {
                    var reporter = (TopicDirectoryReporter)state!;
                    TopicDirectoryLog.RefreshFailed(reporter._logger, task.Exception!.GetBaseException(), reporter._topic.ToString(), reporter._options.RefreshInterval);
                },
                this,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task ReportFirstAsync(CancellationToken cancellationToken)
    {
        var nowMs = NowMs();
        await TopicDirectory.Get(_grains).ReportAsync(_topic, nowMs, cancellationToken);
        _reported = true;
        _lastReportMs = nowMs;
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
