using LiveDash.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Grains.Directory;

/// <summary>
/// The topic directory (<see cref="ITopicDirectoryGrain"/>): every topic ever written with its last
/// change time, in memory and in grain storage.
/// </summary>
/// <remarks>
/// Reentrant, so reports that arrive while a write is in flight do not queue behind it: they join the
/// next write, one at a time (a group commit). Hundreds of grains activating together — a silo start,
/// a rebalance — then cost a handful of writes, not one each. A new topic is answered only once a
/// write that includes it is stored; refreshed times of known topics are stored by a timer every
/// <see cref="TopicDirectoryOptions.PersistInterval"/> and when the activation ends, so a busy metric's
/// refreshes cost no write each.
/// </remarks>
[GrainType("topicdirectory")]
[Reentrant]
public sealed class TopicDirectoryGrain : Grain, ITopicDirectoryGrain
{
    private readonly IPersistentState<TopicDirectoryGrainState> _state;
    private readonly TopicDirectoryOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<Topic, Entry> _entries = [];
    private TopicDirectoryEntry[]? _sorted;

    // Every change bumps _version; _storedVersion is the newest version storage holds. A caller waits
    // for the version that includes its topic. At most one write is in flight (_writing).
    private long _version;
    private long _storedVersion;
    private Task? _writing;
    private long _writingVersion;

    /// <summary>Created by the runtime.</summary>
    public TopicDirectoryGrain(
        [PersistentState("directory")] IPersistentState<TopicDirectoryGrainState> state,
        IOptions<TopicDirectoryOptions> options,
        ILogger<TopicDirectoryGrain> logger)
    {
        _state = state;
        _options = options.Value;
        _logger = logger;
    }

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stored = _state.State;
        var count = Math.Min(stored.Topics.Length, stored.UpdatedAtMs.Length);
        for (var i = 0; i < count; i++)
        {
            if (Topic.TryParse(stored.Topics[i], out var topic))
            {
                _entries[topic] = new Entry(stored.UpdatedAtMs[i], AddedVersion: 0);
            }
            else
            {
                TopicDirectoryLog.InvalidStoredTopic(_logger, stored.Topics[i]);
            }
        }

        RegisterGrainTimer(PersistRefreshesAsync, _options.PersistInterval, _options.PersistInterval);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
        => PersistRefreshesAsync(cancellationToken);

    /// <inheritdoc />
    public Task ReportAsync(Topic topic, long updatedAtMs, CancellationToken cancellationToken = default)
    {
        if (topic == default)
        {
            throw new ArgumentException("The topic is empty (default); report a metric or board topic.", nameof(topic));
        }

        if (_entries.TryGetValue(topic, out var entry))
        {
            if (updatedAtMs > entry.UpdatedAtMs)
            {
                _entries[topic] = entry with { UpdatedAtMs = updatedAtMs };
                _version++;
                _sorted = null;
            }

            // Known, but maybe added by a write still in flight: durable only once that write is.
            return entry.AddedVersion > _storedVersion ? PersistAsync(entry.AddedVersion, cancellationToken) : Task.CompletedTask;
        }

        if (_entries.Count >= _options.MaxTopics)
        {
            EvictLeastRecent(topic);
        }

        _version++;
        _entries.Add(topic, new Entry(updatedAtMs, _version));
        _sorted = null;
        return PersistAsync(_version, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TopicDirectoryEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (_sorted is null)
        {
            var keys = new string[_entries.Count];
            var sorted = new TopicDirectoryEntry[_entries.Count];
            var i = 0;
            foreach (var (topic, entry) in _entries)
            {
                keys[i] = topic.ToString();
                sorted[i++] = new TopicDirectoryEntry(topic, entry.UpdatedAtMs);
            }

            Array.Sort(keys, sorted, StringComparer.Ordinal);
            _sorted = sorted;
        }

        return Task.FromResult<IReadOnlyList<TopicDirectoryEntry>>(_sorted);
    }

    private void EvictLeastRecent(Topic added)
    {
        var oldest = default(Topic);
        var oldestMs = long.MaxValue;
        foreach (var (topic, entry) in _entries)
        {
            if (entry.UpdatedAtMs < oldestMs)
            {
                oldest = topic;
                oldestMs = entry.UpdatedAtMs;
            }
        }

        _entries.Remove(oldest);
        TopicDirectoryLog.Evicted(_logger, _options.MaxTopics, oldest.ToString(), oldestMs, added.ToString());
    }

    /// <summary>Stores refreshed times if any changed since the last write; failures are logged, the next tick retries.</summary>
    private async Task PersistRefreshesAsync(CancellationToken cancellationToken)
    {
        if (_storedVersion >= _version)
        {
            return;
        }

        try
        {
            await PersistAsync(_version, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            TopicDirectoryLog.PersistFailed(_logger, exception, _options.PersistInterval);
        }
    }

    /// <summary>Returns once storage holds <paramref name="version"/> or newer, joining the write in flight when it covers it.</summary>
    private async Task PersistAsync(long version, CancellationToken cancellationToken)
    {
        while (_storedVersion < version)
        {
            if (_writing is { IsCompleted: false } inFlight)
            {
                var covers = _writingVersion >= version;
                try
                {
                    await inFlight.WaitAsync(cancellationToken);
                }
                catch (Exception) when (!covers && !cancellationToken.IsCancellationRequested)
                {
                    // A write of an older state failed; the loop starts one that includes this version.
                }

                continue;
            }

            _writingVersion = _version;
            _writing = WriteAsync(_version);
            await _writing.WaitAsync(cancellationToken);
        }
    }

    private async Task WriteAsync(long version)
    {
        _state.State = ToState();
        try
        {
            // Not the caller's token: the write is shared by every caller waiting for it.
            await _state.WriteStateAsync(CancellationToken.None);
        }
        catch (InconsistentStateException)
        {
            // Another activation wrote the directory: this one's view is stale, a new one re-reads it.
            DeactivateOnIdle();
            throw;
        }
        catch
        {
            ForgetUnstored(version);
            throw;
        }

        _storedVersion = Math.Max(_storedVersion, version);
    }

    /// <summary>
    /// After a failed write: topics added by it are dropped again, so the directory never lists a topic
    /// whose report failed (its grain rolled its change back and reports again on the next one).
    /// </summary>
    private void ForgetUnstored(long version)
    {
        List<Topic>? unstored = null;
        foreach (var (topic, entry) in _entries)
        {
            if (entry.AddedVersion > _storedVersion && entry.AddedVersion <= version)
            {
                (unstored ??= []).Add(topic);
            }
        }

        if (unstored is not null)
        {
            foreach (var topic in unstored)
            {
                _entries.Remove(topic);
            }

            _sorted = null;
        }
    }

    private TopicDirectoryGrainState ToState()
    {
        var topics = new string[_entries.Count];
        var updatedAtMs = new long[_entries.Count];
        var i = 0;
        foreach (var (topic, entry) in _entries)
        {
            topics[i] = topic.ToString();
            updatedAtMs[i++] = entry.UpdatedAtMs;
        }

        return new TopicDirectoryGrainState { Topics = topics, UpdatedAtMs = updatedAtMs };
    }

    /// <param name="UpdatedAtMs">The topic's last reported change.</param>
    /// <param name="AddedVersion">The directory version that added it; durable once storage holds it (0 = loaded from storage).</param>
    private readonly record struct Entry(long UpdatedAtMs, long AddedVersion);
}
