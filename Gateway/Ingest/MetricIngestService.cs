using LiveDash.Gateway.Diagnostics;
using LiveDash.Gateway.Http;
using LiveDash.Grains;
using LiveDash.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace LiveDash.Gateway.Ingest;

/// <summary>
/// Applies a validated metric batch: one <see cref="IMetricGrain.RecordAsync"/> per metric, all in
/// parallel, each with the request's batch id; the answer comes only after every call returned (a grain
/// stores before it returns, so 200 means durable).
/// </summary>
/// <remarks>
/// There is no transaction across grains. The gateway validated every point with the grains' own rules,
/// so a grain refuses only what depends on its state (its series limit) or a clock edge; then the other
/// metrics of the batch may have applied it, and the 422 says so. A runtime failure gives 503: a retry
/// with the same batch id applies the batch on the metrics that missed it and is a duplicate on the rest.
/// </remarks>
internal sealed class MetricIngestService
{
    private readonly IClusterClient _grains;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger _logger;

    public MetricIngestService(IClusterClient grains, GatewayMetrics metrics, ILogger<MetricIngestService> logger)
    {
        _grains = grains;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Applies the batch and builds the answer (200, 422 or 503).</summary>
    /// <param name="batch">A batch whose every point is valid.</param>
    /// <param name="cancellationToken">The request's abort token.</param>
    /// <returns>The answer.</returns>
    public async Task<IResult> ApplyAsync(ParsedMetricBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Points.Count == 0)
        {
            return Accepted(0, duplicate: false);
        }

        var groups = new Dictionary<string, MetricGroup>(StringComparer.Ordinal);
        foreach (var point in batch.Points)
        {
            if (!groups.TryGetValue(point.Metric, out var group))
            {
                groups.Add(point.Metric, group = new MetricGroup(point.Metric));
            }

            group.Samples.Add(point.Sample);
            group.SourceIndexes.Add(point.SourceIndex);
        }

        var metrics = groups.Values.ToArray();
        var calls = new Task<RecordResult>[metrics.Length];
        for (var i = 0; i < metrics.Length; i++)
        {
            calls[i] = RecordAsync(metrics[i], batch.BatchId, cancellationToken);
        }

        // Each call's outcome is read below, failures included.
        await ((Task)Task.WhenAll(calls)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        return Answer(batch, metrics, calls, cancellationToken);
    }

    private Task<RecordResult> RecordAsync(MetricGroup group, string? batchId, CancellationToken cancellationToken)
    {
        try
        {
            return _grains.GetGrain<IMetricGrain>(group.Metric).RecordAsync(new MetricBatch(batchId, group.Samples), cancellationToken);
        }
        catch (Exception exception)
        {
            return Task.FromException<RecordResult>(exception);
        }
    }

    private IResult Answer(ParsedMetricBatch batch, MetricGroup[] metrics, Task<RecordResult>[] calls, CancellationToken cancellationToken)
    {
        var refused = new ItemErrorCollector();
        Exception? firstFailure = null;
        var failed = 0;
        var applied = 0;
        var allDuplicate = true;
        for (var i = 0; i < calls.Length; i++)
        {
            var call = calls[i];
            if (call.IsCompletedSuccessfully)
            {
                applied += call.Result.Accepted;
                allDuplicate &= call.Result.Duplicate;
                continue;
            }

            var exception = call.Exception?.GetBaseException() ?? new OperationCanceledException(cancellationToken);
            if (GrainFailures.IsInputError(exception, out var reason, out var itemIndex))
            {
                var group = metrics[i];
                var source = itemIndex is { } index && index >= 0 && index < group.SourceIndexes.Count ? group.SourceIndexes[index] : group.SourceIndexes[0];
                refused.AddItem(source, "metric", $"metric '{group.Metric}' refused its points: {reason}");
            }
            else
            {
                firstFailure ??= exception;
                failed++;
            }
        }

        if (cancellationToken.IsCancellationRequested && firstFailure is OperationCanceledException)
        {
            // The client went away; nobody reads the answer.
            return Results.Empty;
        }

        if (refused.ItemCount > 0)
        {
            var retry = batch.BatchId is null
                ? "Send a batchId so a corrected resend applies each metric's points once."
                : "Resend the corrected batch with the same batchId: metrics that applied it will not apply it twice.";
            var rejection = IngestRejection.Unprocessable(
                $"The grains of {refused.ItemCount} of {metrics.Length} metrics refused their points (listed in 'errors'); those metrics applied nothing, "
                + $"the others {(failed > 0 ? "may have applied" : "applied")} the batch. {retry}",
                refused.Items);
            return rejection.ToResult();
        }

        if (firstFailure is not null)
        {
            IngestLog.MetricBatchFailed(_logger, firstFailure, batch.Points.Count, metrics.Length, failed);
            var retry = batch.BatchId is null
                ? "This batch has no batchId, so a retry may apply some of its points twice; send a batchId to make retries safe."
                : "A retry with the same batchId is safe: each metric applies a batch id once.";
            return Problems.Unavailable(
                $"{failed} of {metrics.Length} metrics could not apply the batch ({firstFailure.GetType().Name}); others may have. {retry}");
        }

        _metrics.PointsIngested(applied);
        return Accepted(batch.Points.Count, allDuplicate);
    }

    private static JsonHttpResult<IngestResponse> Accepted(int accepted, bool duplicate)
        => TypedResults.Json(new IngestResponse(accepted, duplicate), IngestJsonContext.Default.IngestResponse);

    /// <summary>The points of one metric, with where each came from in the request.</summary>
    private sealed class MetricGroup(string metric)
    {
        public string Metric { get; } = metric;

        public List<MetricSample> Samples { get; } = [];

        public List<int> SourceIndexes { get; } = [];
    }
}
