using LiveDash.Grains;

namespace LiveDash.Gateway.Ingest;

/// <summary>
/// What both metric parsers feed: each point is validated as it is parsed, with the grains' own rules
/// (<see cref="TopicNames"/>, <see cref="MetricSampleValidator"/>, <see cref="BatchIdRules"/>), and the
/// batch comes out whole or not at all. Once one point is bad no more points are kept, and once
/// <see cref="ItemErrorCollector.MaxListed"/> are bad no more are validated (the parse still runs to the
/// end, so a malformed body is still answered 400).
/// </summary>
internal sealed class MetricBatchBuilder
{
    private readonly MetricParseSettings _settings;
    private readonly FieldNames _fields;
    private readonly List<MetricPoint> _points = [];

    /// <param name="settings">Clock, limits and grain options.</param>
    /// <param name="fields">How the format names its fields, for item errors.</param>
    public MetricBatchBuilder(in MetricParseSettings settings, FieldNames fields)
    {
        _settings = settings;
        _fields = fields;
    }

    /// <summary>Strings of the batch, allocated once each.</summary>
    public Utf8Strings Strings { get; } = new();

    /// <summary>Tag sets of the batch by their raw bytes (with the metric name too, for line protocol), built once each.</summary>
    public Utf8Cache<IReadOnlyDictionary<string, string>> TagSets { get; } = new(256);

    /// <summary>The tags of the point being read, reused from point to point.</summary>
    public List<KeyValuePair<string, string>> TagScratch { get; } = [];

    /// <summary>Line protocol's series keys (measurement and tags, raw) to their parsed form.</summary>
    public Utf8Cache<SeriesKey> SeriesKeys { get; } = new(256);

    /// <summary>What is wrong so far.</summary>
    public ItemErrorCollector Errors { get; } = new();

    /// <summary>Points parsed so far, valid or not.</summary>
    public int PointCount { get; private set; }

    /// <summary>The clock the batch is validated against, Unix milliseconds.</summary>
    public long NowMs => _settings.NowMs;

    /// <summary>The unit of line-protocol timestamps.</summary>
    public TimestampPrecision Precision => _settings.Precision;

    /// <summary>
    /// Counts a new point; false (and the parse must stop) when it is one more than
    /// <see cref="IngestOptions.MaxPointsPerBatch"/> allows.
    /// </summary>
    public bool TryStartPoint() => ++PointCount <= _settings.MaxPoints;

    /// <summary>The rejection for a batch over <see cref="IngestOptions.MaxPointsPerBatch"/>.</summary>
    public IngestRejection TooManyPoints() => IngestRejection.Unprocessable(
        $"The batch has more than {_settings.MaxPoints} points, the most one request may carry ({IngestOptions.SectionName}:MaxPointsPerBatch); split it. Nothing was applied.");

    /// <summary>Validates a parsed point and keeps it when the batch is still valid.</summary>
    /// <param name="sourceIndex">The point's index (JSON) or line index (line protocol).</param>
    /// <param name="metric">The metric name.</param>
    /// <param name="value">The value.</param>
    /// <param name="timestampMs">The timestamp, Unix milliseconds.</param>
    /// <param name="tags">The tags (never mutated afterwards; may be shared between points).</param>
    public void AddPoint(int sourceIndex, string metric, double value, long timestampMs, IReadOnlyDictionary<string, string> tags)
    {
        if (Errors.IsFull)
        {
            return;
        }

        if (!TopicNames.IsValidName(metric))
        {
            AddInvalidPoint(sourceIndex, _fields.Metric, MetricNameReason(metric));
            return;
        }

        var sample = new MetricSample(value, timestampMs, tags);
        try
        {
            MetricSampleValidator.Validate(sample, sourceIndex, _settings.NowMs, _settings.GrainOptions);
        }
        catch (InvalidGrainInputException exception)
        {
            AddInvalidPoint(sourceIndex, FieldOf(exception.Reason), exception.Reason);
            return;
        }

        if (!Errors.Any)
        {
            _points.Add(new MetricPoint(metric, sample, sourceIndex));
        }
    }

    /// <summary>Records a bad point found by the parser (a wrong type, a missing field, an unsupported field).</summary>
    public void AddInvalidPoint(int sourceIndex, string? field, string reason)
    {
        Errors.AddItem(sourceIndex, field, reason);

        // The batch is rejected whole: the points kept so far will never be applied.
        _points.Clear();
    }

    /// <summary>The outcome: the whole batch, or the 422 rejection.</summary>
    /// <param name="batchId">The batch id as sent (checked here), or null.</param>
    /// <param name="sourceNoun">What an item is (<c>point</c> or <c>line</c>).</param>
    public MetricIngestResult Finish(string? batchId, string sourceNoun)
    {
        if (batchId is not null && !BatchIdRules.IsValid(batchId))
        {
            Errors.AddBatchProblem(
                $"batchId of {batchId.Length} characters is invalid; use 1–{BatchIdRules.MaxLength} printable ASCII characters without spaces (a UUID works)");
        }

        return Errors.Any
            ? MetricIngestResult.Rejected(Errors.ToRejection(sourceNoun, sourceNoun + "s"))
            : MetricIngestResult.Accepted(new ParsedMetricBatch(batchId, _points, sourceNoun));
    }

    /// <summary>Why a metric name is invalid, in the words of the rule.</summary>
    public static string MetricNameReason(string metric)
        => $"metric name '{Preview(metric)}' is invalid; use 1–{TopicNames.MaxLength} characters of {TopicNames.AllowedCharactersDescription}";

    /// <summary>A bounded preview of client text for messages.</summary>
    public static string Preview(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");

    /// <summary>
    /// Which field a <see cref="MetricSampleValidator"/> reason is about: its reasons start with the
    /// field's name ("value …", "timestamp …", "tag …", "3 tags …"), pinned by a unit test.
    /// </summary>
    private string? FieldOf(string reason)
    {
        if (reason.StartsWith("value", StringComparison.Ordinal))
        {
            return _fields.Value;
        }

        if (reason.StartsWith("timestamp", StringComparison.Ordinal))
        {
            return _fields.Timestamp;
        }

        return reason.Contains("tag", StringComparison.Ordinal) ? _fields.Tags : null;
    }

    /// <summary>A parsed line-protocol series key: the metric and its tags.</summary>
    /// <param name="Metric">The measurement.</param>
    /// <param name="Tags">The tags.</param>
    internal sealed record SeriesKey(string Metric, IReadOnlyDictionary<string, string> Tags);

    /// <summary>How a format names a point's fields in item errors.</summary>
    /// <param name="Metric">The metric name's field.</param>
    /// <param name="Value">The value's field.</param>
    /// <param name="Timestamp">The timestamp's field.</param>
    /// <param name="Tags">The tags' field.</param>
    internal sealed record FieldNames(string Metric, string Value, string Timestamp, string Tags)
    {
        /// <summary>JSON: <c>metric</c>, <c>value</c>, <c>ts</c>, <c>tags</c>.</summary>
        public static readonly FieldNames Json = new("metric", "value", "ts", "tags");

        /// <summary>Line protocol: <c>measurement</c>, <c>value</c>, <c>timestamp</c>, <c>tags</c>.</summary>
        public static readonly FieldNames LineProtocol = new("measurement", "value", "timestamp", "tags");
    }
}
