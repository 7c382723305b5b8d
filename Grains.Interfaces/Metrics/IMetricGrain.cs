using LiveDash.Runtime;

namespace LiveDash.Grains;

/// <summary>
/// Owns one metric (the topic <c>metric:&lt;key&gt;</c>): its series per tag set, their rolling
/// windows and quantile sketches. The key is the metric name (<see cref="TopicNames.IsValidName"/>).
/// </summary>
public interface IMetricGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies a batch all-or-nothing and returns once it is durable in grain storage. A batch
    /// whose <see cref="MetricBatch.BatchId"/> was applied within
    /// <see cref="MetricGrainOptions.BatchIdRetention"/> is not applied again and reports
    /// <see cref="RecordResult.Duplicate"/>.
    /// </summary>
    /// <param name="batch">The samples for this metric.</param>
    /// <param name="cancellationToken">Cancelled at the call's deadline.</param>
    /// <returns>How many samples were applied, and whether the batch was a repeat.</returns>
    /// <exception cref="InvalidGrainInputException">A sample is invalid; nothing was applied.</exception>
    /// <exception cref="SeriesLimitExceededException">The batch would create more series than allowed; nothing was applied.</exception>
    Task<RecordResult> RecordAsync(MetricBatch batch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns the metric's current state and the position of its topic stream that state includes
    /// (pending changes are published first): the snapshot plus the stream's items after that position
    /// is the metric's state (<see cref="MetricSnapshot.Apply"/>).
    /// </summary>
    /// <param name="cancellationToken">Cancelled at the call's deadline.</param>
    /// <returns>The topic snapshot.</returns>
    Task<TopicSnapshot<MetricSnapshot>> GetSnapshotAsync(CancellationToken cancellationToken = default);
}
