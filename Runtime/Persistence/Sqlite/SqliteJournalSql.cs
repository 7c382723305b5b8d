namespace LiveDash.Runtime.Sqlite;

/// <summary>
/// The SQL of the SQLite provider's journals (<see cref="IJournalStorage"/>). A journal is a head row
/// in <c>grain_journal</c> (its version, the etag, and the version of its snapshot) and rows in
/// <c>grain_journal_entry</c>: the row at <c>snapshot_version</c> holds the snapshot (when that is
/// not 0), the rows after it hold the entries.
/// </summary>
/// <remarks>
/// <para>The snapshot is a row of its own, not a column of the head, because SQLite rewrites a whole
/// record on update: every append would otherwise copy the snapshot (kilobytes) to advance a version.
/// An append changes a few dozen bytes of head and adds one row.</para>
/// <para>An append runs inside the group's transaction as: the head's conditional insert or update
/// (whose change count says whether the expected version was current), then the row at the new
/// version, then, with a snapshot, the deletion of every earlier row. A rejected append changes nothing.</para>
/// </remarks>
internal static class SqliteJournalSql
{
    /// <summary>Idempotent: providers starting together, or again on the same file, all run it.</summary>
    public const string CreateTables = """
        CREATE TABLE IF NOT EXISTS grain_journal (
            grain_type       TEXT    NOT NULL,
            grain_key        TEXT    NOT NULL,
            state_name       TEXT    NOT NULL,
            version          INTEGER NOT NULL,
            snapshot_version INTEGER NOT NULL,
            modified_at_ms   INTEGER NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS grain_journal_entry (
            grain_type TEXT    NOT NULL,
            grain_key  TEXT    NOT NULL,
            state_name TEXT    NOT NULL,
            version    INTEGER NOT NULL,
            payload    BLOB    NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name, version)
        ) WITHOUT ROWID;
        """;

    /// <summary>An append presenting version 0: creates the head at version 1 (1 row) only when none exists.</summary>
    public const string InsertHead = """
        INSERT INTO grain_journal (grain_type, grain_key, state_name, version, snapshot_version, modified_at_ms)
        VALUES (@grain_type, @grain_key, @state_name, 1, CASE WHEN @is_snapshot THEN 1 ELSE 0 END, @modified_at_ms)
        ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING;
        """;

    /// <summary>An append presenting a version: advances the head (1 row) only when it holds that version.</summary>
    public const string UpdateHead = """
        UPDATE grain_journal
        SET version = version + 1,
            snapshot_version = CASE WHEN @is_snapshot THEN version + 1 ELSE snapshot_version END,
            modified_at_ms = @modified_at_ms
        WHERE grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name AND version = @expected_version;
        """;

    /// <summary>The row at the new version: the entry, or the snapshot that covers it.</summary>
    public const string InsertRow = """
        INSERT INTO grain_journal_entry (grain_type, grain_key, state_name, version, payload)
        VALUES (@grain_type, @grain_key, @state_name, @version, @payload);
        """;

    /// <summary>After a snapshot at @version: every row it covers.</summary>
    public const string DeleteRowsBefore = """
        DELETE FROM grain_journal_entry
        WHERE grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name AND version < @version;
        """;

    /// <summary>The head's version, read after a rejected append to report it.</summary>
    public const string SelectVersion = """
        SELECT version FROM grain_journal
        WHERE grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name;
        """;

    /// <summary>
    /// A read, in one statement so it sees one commit: the head, and the snapshot row and entries
    /// after it in version order (no rows: never appended; one row with NULL row version: a head
    /// whose rows are missing, reported as damage).
    /// </summary>
    public const string SelectJournal = """
        SELECT h.version, h.snapshot_version, e.version, e.payload
        FROM grain_journal AS h
        LEFT JOIN grain_journal_entry AS e
            ON e.grain_type = h.grain_type AND e.grain_key = h.grain_key AND e.state_name = h.state_name
            AND e.version >= h.snapshot_version AND e.version <= h.version
        WHERE h.grain_type = @grain_type AND h.grain_key = @grain_key AND h.state_name = @state_name
        ORDER BY e.version;
        """;
}
