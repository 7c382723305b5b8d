using System.Data.Common;
using LiveDash.Runtime.Serialization;

namespace LiveDash.Runtime;

/// <summary>
/// The provider-independent half of a group-committed grain storage (SQLite, PostgreSQL): turning a
/// stored record into grain state or a <see cref="JournalRecord"/>, and submitting writes, clears and
/// journal appends to the provider's <see cref="GroupCommitWriter"/>. Providers keep only how a record
/// is read and committed.
/// </summary>
internal sealed class GroupCommitStateOperations
{
    private readonly RuntimeJsonSerializer _serializer;
    private readonly GroupCommitWriter _writer;

    public GroupCommitStateOperations(RuntimeJsonSerializer serializer, GroupCommitWriter writer)
    {
        _serializer = serializer;
        _writer = writer;
    }

    /// <summary>
    /// Fills <paramref name="grainState"/> from a record read as (<paramref name="version"/>,
    /// <paramref name="payload"/>). No row: never stored. A row without payload: a tombstone left by a clear.
    /// </summary>
    public void ApplyRead<TState>(IGrainState<TState> grainState, long? version, byte[]? payload)
        where TState : new()
    {
        grainState.State = payload is null ? new TState() : _serializer.Deserialize<TState>(payload);
        grainState.ETag = version is long v ? GrainStorageEtag.Format(v) : null;
        grainState.RecordExists = payload is not null;
    }

    public async Task WriteAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : new()
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);

        // Serialized now, on the caller's turn: later mutations of the state cannot reach storage.
        var payload = _serializer.SerializeToBytes(grainState.State);
        var version = await _writer.SubmitAsync(new GroupCommitWriteRequest(
            GrainStorageOperation.Write, stateName, grainId, grainState.ETag, payload, cancellationToken));
        grainState.ETag = GrainStorageEtag.Format(version);
        grainState.RecordExists = true;
    }

    public async Task ClearAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
        where TState : new()
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);

        var version = await _writer.SubmitAsync(new GroupCommitWriteRequest(
            GrainStorageOperation.Clear, stateName, grainId, grainState.ETag, payload: null, cancellationToken));
        grainState.State = new TState();
        grainState.ETag = GrainStorageEtag.Format(version);
        grainState.RecordExists = false;
    }

    public Task<long> AppendJournalAsync(string stateName, GrainId grainId, long expectedVersion, byte[] entry, byte[]? snapshot, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        return _writer.SubmitAsync(GroupCommitWriteRequest.Append(stateName, grainId, expectedVersion, entry, snapshot, cancellationToken));
    }

    /// <summary>
    /// Reads the rows of a provider's journal query — (head version, snapshot version, row version or
    /// NULL, payload), the snapshot row and the entries in version order — into a record.
    /// </summary>
    public static async Task<JournalRecord> ReadJournalAsync(DbDataReader reader, string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        long version = 0;
        long snapshotVersion = 0;
        var rows = new List<(long Version, byte[] Payload)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            version = reader.GetInt64(0);
            snapshotVersion = reader.GetInt64(1);
            if (!reader.IsDBNull(2))
            {
                rows.Add((reader.GetInt64(2), reader.GetFieldValue<byte[]>(3)));
            }
        }

        return version == 0 ? JournalRecord.Empty : ToJournalRecord(stateName, grainId, version, snapshotVersion, rows);
    }

    /// <summary>
    /// Builds a journal from its head (<paramref name="version"/>, <paramref name="snapshotVersion"/>)
    /// and its rows from <paramref name="snapshotVersion"/> on, in version order: the row at the
    /// snapshot version is the snapshot (when that version is not 0), the others are entries.
    /// </summary>
    /// <exception cref="InvalidOperationException">The rows are not exactly the versions the head names: the store was changed by something else.</exception>
    private static JournalRecord ToJournalRecord(string stateName, GrainId grainId, long version, long snapshotVersion, List<(long Version, byte[] Payload)> rows)
    {
        var first = snapshotVersion == 0 ? 1 : snapshotVersion;
        var expectedRows = version - first + 1;
        var consistent = rows.Count == expectedRows;
        for (var i = 0; consistent && i < rows.Count; i++)
        {
            consistent = rows[i].Version == first + i;
        }

        if (!consistent)
        {
            throw new InvalidOperationException(
                $"Journal '{stateName}' of grain {grainId} is damaged: its head says version {version} with a snapshot at {snapshotVersion}, "
                + $"but storage holds rows for versions [{string.Join(", ", rows.Select(r => r.Version))}]. It was changed outside the runtime.");
        }

        if (snapshotVersion == 0)
        {
            return new JournalRecord(version, 0, null, rows.Select(r => r.Payload).ToArray());
        }

        return new JournalRecord(version, snapshotVersion, rows[0].Payload, rows.Skip(1).Select(r => r.Payload).ToArray());
    }
}
