namespace LiveDash.Grains.Aggregation;

/// <summary>
/// The state of one metric: a <see cref="SeriesAggregator"/> per tag set plus the batch ids it
/// applied recently. A metric grain is a thin wrapper around it: it loads it with
/// <see cref="FromState"/> and <see cref="Replay"/>, calls <see cref="Apply"/>, <see cref="Snapshot"/> and
/// <see cref="TakeDelta"/>, journals each applied (batch, nowMs) and snapshots <see cref="ToState"/>.
/// </summary>
/// <remarks>
/// <para>Not thread-safe: the owning activation runs one turn at a time. Deterministic: the outcome
/// depends only on the state, the batch and <c>nowMs</c>, so replaying a journal of
/// (batch, nowMs) pairs rebuilds the same state.</para>
/// <para><b>Deltas.</b> The aggregator remembers what readers were last given (the baseline) and
/// <see cref="TakeDelta"/> returns what changed since, as seen at a given time, then makes that the
/// baseline. A grain uses it so: <see cref="Apply"/> marks the series it touches as changed by
/// itself; a flush publishes <c>TakeDelta(now)</c> when it is not null; a snapshot for readers is a
/// flush followed by <c>Snapshot(now)</c>, which then equals the baseline. Rate, quantiles and
/// points slide with time, so while <see cref="HasRecentSamples"/> holds the grain flushes about
/// once a second even without samples (a rate decays to 0 that way). After <see cref="FromState"/>
/// the baseline is the loaded state: readers of a reloaded grain start from a new snapshot, and
/// the first delta carries only samples applied since the load. <see cref="MarkPublished"/> sets
/// the baseline without building a delta.</para>
/// <para><b>Clock.</b> Once a delta was taken at t, an earlier <c>nowMs</c> given to
/// <see cref="Snapshot"/>, <see cref="TakeDelta"/> or <see cref="HasRecentSamples"/> reads as t: a
/// delta cannot take points back out of the window, so readers never see a clock step back.</para>
/// </remarks>
internal sealed class MetricAggregator
{
    private readonly MetricGrainOptions _options;
    private readonly Dictionary<string, SeriesAggregator> _series = new(StringComparer.Ordinal);
    private readonly RecentBatchIds _batchIds;

    // Reused by every snapshot to merge a series' quantile slices (one turn at a time, so no sharing).
    private readonly QuantileSketch _scratch;

    // Reused by every batch to key each tags dictionary once (cleared after each batch).
    private readonly TagKeyCache _tagKeys = new();

    // Series in canonical key order; rebuilt only when a series is added.
    private SeriesAggregator[]? _ordered;

    // The time of the last TakeDelta; earlier times read as this one.
    private long _publishedMs = long.MinValue;

    // The last second at which time alone changes any series (SeriesAggregator.LastTimeChangeSecond).
    private long _lastTimeChangeSecond = long.MinValue;

    /// <summary>Creates an empty metric.</summary>
    /// <param name="metric">The metric name (the grain key).</param>
    /// <param name="options">The limits; validated here so a misconfigured grain fails at activation.</param>
    /// <exception cref="ArgumentException"><paramref name="metric"/> is not a valid name.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException"><paramref name="options"/> is invalid.</exception>
    public MetricAggregator(string metric, MetricGrainOptions options)
        : this(metric, options, batchIds: null)
    {
    }

    private MetricAggregator(string metric, MetricGrainOptions options, RecentBatchIds? batchIds)
    {
        if (!TopicNames.IsValidName(metric))
        {
            throw new ArgumentException(
                $"'{metric}' is not a valid metric name: use 1–{TopicNames.MaxLength} characters of {TopicNames.AllowedCharactersDescription}.",
                nameof(metric));
        }

        MetricGrainOptionsValidator.ThrowIfInvalid(options);
        Metric = metric;
        _options = options;
        _batchIds = batchIds ?? new RecentBatchIds(options.BatchIdRetention, options.MaxRememberedBatchIds);
        _scratch = new QuantileSketch(options.QuantileRelativeAccuracy, options.MaxQuantileSketchBuckets);
    }

    /// <summary>The metric name.</summary>
    public string Metric { get; }

    /// <summary>How many series the metric holds.</summary>
    public int SeriesCount => _series.Count;

    /// <summary>Whether a batch with <paramref name="batchId"/> was applied within the retention period.</summary>
    public bool IsDuplicate(string? batchId, long nowMs) => batchId is not null && _batchIds.Contains(batchId, nowMs);

    /// <summary>
    /// Checks the whole batch without applying anything: every sample (<see cref="MetricSampleValidator"/>),
    /// then the series limit over all new tag sets of the batch.
    /// </summary>
    /// <param name="batch">The batch.</param>
    /// <param name="nowMs">The grain's clock, Unix milliseconds.</param>
    /// <exception cref="InvalidGrainInputException">The batch id or a sample is invalid; the exception names the first bad sample.</exception>
    /// <exception cref="SeriesLimitExceededException">The batch would create more series than allowed.</exception>
    public void Validate(MetricBatch batch, long nowMs) => ValidateAndKey(batch, nowMs);

    /// <summary>
    /// Applies a batch all-or-nothing: a duplicate batch id returns <c>(0, duplicate: true)</c>
    /// and changes nothing; otherwise the whole batch is validated first (see <see cref="Validate"/>),
    /// and only then every sample is applied and the batch id remembered.
    /// </summary>
    /// <param name="batch">The batch.</param>
    /// <param name="nowMs">The grain's clock, Unix milliseconds.</param>
    /// <returns>The samples applied and whether the batch was a duplicate.</returns>
    /// <exception cref="InvalidGrainInputException">The batch id or a sample is invalid; nothing was applied.</exception>
    /// <exception cref="SeriesLimitExceededException">The batch would create more series than allowed; nothing was applied.</exception>
    public RecordResult Apply(MetricBatch batch, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (IsDuplicate(batch.BatchId, nowMs))
        {
            return new RecordResult(0, Duplicate: true);
        }

        var keys = ValidateAndKey(batch, nowMs);
        ApplyKeyed(batch, keys, nowMs);
        return new RecordResult(batch.Samples.Count, Duplicate: false);
    }

    /// <summary>
    /// Applies a batch that <see cref="Apply"/> accepted earlier at <paramref name="nowMs"/> (an entry of
    /// the metric's journal), to rebuild the state it led to. Nothing is checked: the batch was validated
    /// and acknowledged then, and the options may have changed since (a lower series limit, a shorter
    /// point age or batch-id retention) — an acknowledged batch must come back all the same, so it is
    /// neither rejected nor taken for a duplicate. With the options unchanged, replaying on the state
    /// the batch was applied to gives exactly the state <see cref="Apply"/> gave.
    /// </summary>
    /// <param name="batch">The batch as applied.</param>
    /// <param name="nowMs">The grain's clock when it was applied, Unix milliseconds.</param>
    /// <exception cref="InvalidDataException">The batch has no samples list or a sample without tags.</exception>
    public void Replay(MetricBatch batch, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var samples = batch.Samples ?? throw new InvalidDataException($"A journal entry of metric '{Metric}' has no samples list.");
        var keys = new string[samples.Count];
        try
        {
            for (var i = 0; i < samples.Count; i++)
            {
                var tags = samples[i]?.Tags ?? throw new InvalidDataException($"A journal entry of metric '{Metric}' has a sample without tags.");
                keys[i] = _tagKeys.KeyOf(tags);
            }
        }
        finally
        {
            _tagKeys.Clear();
        }

        ApplyKeyed(batch, keys, nowMs);
    }

    private void ApplyKeyed(MetricBatch batch, string[] keys, long nowMs)
    {
        var samples = batch.Samples;
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            if (!_series.TryGetValue(keys[i], out var series))
            {
                series = new SeriesAggregator(keys[i], sample.Tags, _options.QuantileRelativeAccuracy, _options.MaxQuantileSketchBuckets);
                _series.Add(keys[i], series);
                _ordered = null;
            }

            series.Add(sample.Value, sample.TimestampMs, nowMs);
            _lastTimeChangeSecond = Math.Max(_lastTimeChangeSecond, series.LastTimeChangeSecond);
        }

        if (batch.BatchId is { } batchId)
        {
            _batchIds.Remember(batchId, nowMs);
        }
    }

    /// <summary>The metric as seen at <paramref name="nowMs"/>, series in canonical tag-set order.</summary>
    /// <param name="nowMs">The grain's clock, Unix milliseconds; the windows end at it (see the remarks on the clock).</param>
    public MetricSnapshot Snapshot(long nowMs)
    {
        nowMs = Math.Max(nowMs, _publishedMs);
        var ordered = Ordered();
        var series = new SeriesSnapshot[ordered.Length];
        for (var i = 0; i < ordered.Length; i++)
        {
            series[i] = ordered[i].Snapshot(nowMs, _scratch);
        }

        return new MetricSnapshot(Metric, series);
    }

    /// <summary>
    /// What changed since the last delta (or since the metric was created or loaded), as seen at
    /// <paramref name="nowMs"/>: every series with a value that differs from what readers hold,
    /// whether samples or time changed it (see <see cref="MetricDelta"/>). Afterwards the metric
    /// as seen at <paramref name="nowMs"/> is the baseline. Applied to <c>Snapshot(t)</c> of the
    /// previous delta's time t (with <see cref="MetricSnapshot.Apply"/>), it gives <c>Snapshot(nowMs)</c>.
    /// </summary>
    /// <param name="nowMs">The grain's clock, Unix milliseconds.</param>
    /// <returns>The delta, or null when readers already hold the metric as seen at <paramref name="nowMs"/>.</returns>
    /// <remarks>
    /// Cost: one comparison per series that neither got samples nor reached a time when its windows
    /// change; for the others, what their snapshot costs (300 slots, 30 slice merges) but allocating
    /// only the changed points.
    /// </remarks>
    public MetricDelta? TakeDelta(long nowMs)
    {
        nowMs = Math.Max(nowMs, _publishedMs);
        _publishedMs = nowMs;
        List<SeriesDelta>? changed = null;
        foreach (var series in Ordered())
        {
            if (series.Publication.TakeDelta(nowMs, _scratch) is { } delta)
            {
                (changed ??= []).Add(delta);
            }
        }

        return changed is null ? null : new MetricDelta(Metric, changed);
    }

    /// <summary>
    /// Makes the metric as seen at <paramref name="nowMs"/> the baseline without returning a delta:
    /// for when readers were just given <c>Snapshot(nowMs)</c> some other way. The same as
    /// <see cref="TakeDelta"/> with its result dropped.
    /// </summary>
    /// <param name="nowMs">The grain's clock, Unix milliseconds.</param>
    public void MarkPublished(long nowMs) => TakeDelta(nowMs);

    /// <summary>
    /// Forgets what readers hold, so the next <see cref="TakeDelta"/> carries every series whole. A
    /// grain calls it after rebuilding the metric from storage mid-life (a failed write rolled back):
    /// readers may lack changes that were stored but not yet published, and a whole-series delta,
    /// being absolute values, brings them to the metric whatever they hold.
    /// </summary>
    public void ForgetPublished()
    {
        foreach (var series in _series.Values)
        {
            series.Publication.Forget();
        }
    }

    /// <summary>
    /// Whether time alone will still change the metric after <paramref name="nowMs"/>: some series
    /// holds a sample less than about 5 minutes old (or stamped in the future), so its rate,
    /// quantiles or points will move. While true, a grain should take a delta about once a second
    /// even without samples; once false (asked right after <see cref="TakeDelta"/>), deltas only
    /// follow new samples. O(1).
    /// </summary>
    /// <param name="nowMs">The grain's clock, Unix milliseconds.</param>
    public bool HasRecentSamples(long nowMs)
        => SeriesAggregator.FloorDiv(Math.Max(nowMs, _publishedMs), 1000) < _lastTimeChangeSecond;

    /// <summary>Captures the metric for storage; the state shares nothing with the aggregator.</summary>
    public MetricGrainState ToState() => new()
    {
        QuantileRelativeAccuracy = _options.QuantileRelativeAccuracy,
        Series = Array.ConvertAll(Ordered(), series => series.ToState()),
        BatchIds = _batchIds.ToState(),
    };

    /// <summary>
    /// Rebuilds a metric from stored state (a new <see cref="MetricGrainState"/> gives an empty metric).
    /// The options in force now apply: sketches stored with another α are dropped (they cover only
    /// the last 5 minutes), and a lowered series limit keeps existing series but admits no new ones.
    /// The loaded state is the baseline for deltas (see the remarks).
    /// </summary>
    /// <exception cref="InvalidDataException">The state is from a newer layout or is inconsistent.</exception>
    public static MetricAggregator FromState(string metric, MetricGrainOptions options, MetricGrainState state)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(state);
        if (state.SchemaVersion != MetricGrainState.CurrentSchemaVersion)
        {
            throw new InvalidDataException(
                $"Stored state of metric '{metric}' has layout version {state.SchemaVersion}; this code reads version {MetricGrainState.CurrentSchemaVersion}.");
        }

        var batchIds = RecentBatchIds.FromState(state.BatchIds, options.BatchIdRetention, options.MaxRememberedBatchIds);
        var aggregator = new MetricAggregator(metric, options, batchIds);
        var restoreSlices = state.QuantileRelativeAccuracy == options.QuantileRelativeAccuracy;
        foreach (var stored in state.Series ?? [])
        {
            if (stored?.Tags is null)
            {
                throw new InvalidDataException($"Stored state of metric '{metric}' has a series without tags.");
            }

            var key = CanonicalTags.Key(stored.Tags);
            var series = SeriesAggregator.FromState(key, stored, options.QuantileRelativeAccuracy, options.MaxQuantileSketchBuckets, restoreSlices);
            if (!aggregator._series.TryAdd(key, series))
            {
                throw new InvalidDataException($"Stored state of metric '{metric}' holds the tag set '{key}' twice.");
            }

            aggregator._lastTimeChangeSecond = Math.Max(aggregator._lastTimeChangeSecond, series.LastTimeChangeSecond);
        }

        return aggregator;
    }

    private string[] ValidateAndKey(MetricBatch batch, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(batch);
        BatchIdRules.ThrowIfInvalid(batch.BatchId);
        var samples = batch.Samples ?? throw new InvalidGrainInputException("samples are missing; send a list of samples (it may be empty)");
        var keys = new string[samples.Count];
        try
        {
            // Every sample is still validated in order, so the first bad one is named as before; only
            // the key of a tags dictionary seen earlier in the batch is reused.
            for (var i = 0; i < samples.Count; i++)
            {
                MetricSampleValidator.Validate(samples[i], i, nowMs, _options);
                keys[i] = _tagKeys.KeyOf(samples[i].Tags);
            }
        }
        finally
        {
            _tagKeys.Clear();
        }

        // The limit counts every new tag set of the batch, so the error reports the full damage.
        HashSet<string>? newKeys = null;
        var firstOverLimit = -1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (!_series.ContainsKey(keys[i])
                && (newKeys ??= new HashSet<string>(StringComparer.Ordinal)).Add(keys[i])
                && firstOverLimit < 0
                && _series.Count + newKeys.Count > _options.MaxSeriesPerMetric)
            {
                firstOverLimit = i;
            }
        }

        if (firstOverLimit >= 0)
        {
            throw new SeriesLimitExceededException(Metric, _options.MaxSeriesPerMetric, _series.Count + newKeys!.Count, firstOverLimit);
        }

        return keys;
    }

    private SeriesAggregator[] Ordered()
    {
        if (_ordered is null)
        {
            _ordered = [.. _series.Values];
            Array.Sort(_ordered, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        }

        return _ordered;
    }
}
