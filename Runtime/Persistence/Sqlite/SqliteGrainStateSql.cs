namespace LiveDash.Runtime.Sqlite;

/// <summary>
/// The SQL of the SQLite grain storage provider. One row per (grain type, grain key, state name);
/// <c>version</c> is the etag. A cleared record keeps its row with a NULL payload (a tombstone) so
/// versions never repeat and a writer holding a pre-clear etag cannot succeed.
/// </summary>
internal static class SqliteGrainStateSql
{
    /// <summary>
    /// Connection setup for the writer connection.
    /// WAL lets readers (on their own connections) run while the writer commits. synchronous=FULL
    /// makes every commit fsync the WAL before it returns: the contract says a completed write is
    /// durable, and with NORMAL a power loss may roll back commits made since the last checkpoint.
    /// Group commit is what makes that fsync affordable, by sharing it among many writes.
    /// </summary>
    public const string SetJournalModeWal = "PRAGMA journal_mode=WAL;";

    /// <inheritdoc cref="SetJournalModeWal"/>
    public const string SetSynchronousFull = "PRAGMA synchronous=FULL;";

    /// <summary>Idempotent: providers starting together, or again on the same file, all run it.</summary>
    public const string CreateTable = """
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_type     TEXT    NOT NULL,
            grain_key      TEXT    NOT NULL,
            state_name     TEXT    NOT NULL,
            version        INTEGER NOT NULL,
            payload        BLOB    NULL,
            modified_at_ms INTEGER NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name)
        ) WITHOUT ROWID;
        """;

    /// <summary>A write or clear presented without an etag: succeeds (1 row) only when no row, not even a tombstone, exists.</summary>
    public const string InsertFirstVersion = """
        INSERT INTO grain_state (grain_type, grain_key, state_name, version, payload, modified_at_ms)
        VALUES (@grain_type, @grain_key, @state_name, 1, @payload, @modified_at_ms)
        ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING;
        """;

    /// <summary>A write or clear presented with an etag: succeeds (1 row) only when the stored version is that etag.</summary>
    public const string UpdateIfVersion = """
        UPDATE grain_state
        SET version = version + 1, payload = @payload, modified_at_ms = @modified_at_ms
        WHERE grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name AND version = @expected_version;
        """;

    /// <summary>The stored version, read after a rejected request to report it.</summary>
    public const string SelectVersion = """
        SELECT version FROM grain_state
        WHERE grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name;
        """;

    /// <summary>A read: no row, a tombstone (NULL payload) or a live record.</summary>
    public const string SelectRecord = """
        SELECT version, payload FROM grain_state
        WHERE grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name;
        """;
}
