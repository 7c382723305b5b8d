namespace LiveDash.Runtime.Postgres;

/// <summary>
/// The SQL of the PostgreSQL provider's journals (<see cref="IJournalStorage"/>). A journal is a head
/// row in <c>grain_journal</c> (its version, the etag, and the version of its snapshot) and rows in
/// <c>grain_journal_entry</c>: the row at <c>snapshot_version</c> holds the snapshot (when that is
/// not 0), the rows after it hold the entries.
/// </summary>
/// <remarks>
/// <para>The snapshot is a row of its own rather than a column of the head so that advancing the head
/// (every append) copies a few dozen bytes, not the snapshot: an updated row is a new tuple, and a
/// compressed snapshot of a few kilobytes stays inline, so it would be copied and WAL-logged each time.
/// As the head's indexed columns never change, its updates are HOT.</para>
/// <para>Each append is one statement that cannot raise on a conflict (as <see cref="PostgresGrainStateSql"/>'s
/// writes): the head's conditional insert or update comes first and the other changes read its
/// <c>RETURNING</c>, so they happen only if it did, and the head's row lock is always taken first
/// (no deadlock between two writers of one journal). It returns one row <c>(committed, version)</c>,
/// or none when rejected with no head stored.</para>
/// <para>Parameters are positional: $1 grain type, $2 grain key, $3 state name, $4 the row stored at
/// the new version (the snapshot when there is one, which covers the entry; else the entry), $5 whether
/// it is a snapshot, $6 modified at, $7 expected version.</para>
/// </remarks>
internal static class PostgresJournalSql
{
    /// <summary>Idempotent; run under <see cref="PostgresSchema"/>'s lock.</summary>
    public const string CreateTables = """
        CREATE TABLE IF NOT EXISTS grain_journal (
            grain_type       text        NOT NULL,
            grain_key        text        NOT NULL,
            state_name       text        NOT NULL,
            version          bigint      NOT NULL,
            snapshot_version bigint      NOT NULL,
            modified_at      timestamptz NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name)
        );
        CREATE TABLE IF NOT EXISTS grain_journal_entry (
            grain_type text   NOT NULL,
            grain_key  text   NOT NULL,
            state_name text   NOT NULL,
            version    bigint NOT NULL,
            payload    bytea  NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name, version)
        );
        """;

    /// <summary>An append presenting version 0: commits only when no head exists.</summary>
    public const string AppendFirst = """
        WITH head AS (
            INSERT INTO grain_journal (grain_type, grain_key, state_name, version, snapshot_version, modified_at)
            VALUES ($1, $2, $3, 1, CASE WHEN $5 THEN 1 ELSE 0 END, $6)
            ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING
            RETURNING version),
        stored AS (
            INSERT INTO grain_journal_entry (grain_type, grain_key, state_name, version, payload)
            SELECT $1, $2, $3, version, $4 FROM head)
        SELECT true, version FROM head
        UNION ALL
        SELECT false, version FROM grain_journal
        WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND NOT EXISTS (SELECT 1 FROM head)
        """;

    /// <summary>An append presenting a version: commits only when the head holds it; with a snapshot, drops the rows it covers.</summary>
    public const string AppendNext = """
        WITH head AS (
            UPDATE grain_journal
            SET version = version + 1,
                snapshot_version = CASE WHEN $5 THEN version + 1 ELSE snapshot_version END,
                modified_at = $6
            WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND version = $7
            RETURNING version),
        stored AS (
            INSERT INTO grain_journal_entry (grain_type, grain_key, state_name, version, payload)
            SELECT $1, $2, $3, version, $4 FROM head),
        dropped AS (
            DELETE FROM grain_journal_entry
            WHERE $5 AND grain_type = $1 AND grain_key = $2 AND state_name = $3 AND version < (SELECT version FROM head))
        SELECT true, version FROM head
        UNION ALL
        SELECT false, version FROM grain_journal
        WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND NOT EXISTS (SELECT 1 FROM head)
        """;

    /// <summary>
    /// A read, in one statement so it sees one commit: the head, and the snapshot row and entries
    /// after it in version order (no rows: never appended).
    /// </summary>
    public const string SelectJournal = """
        SELECT h.version, h.snapshot_version, e.version, e.payload
        FROM grain_journal AS h
        LEFT JOIN grain_journal_entry AS e
            ON e.grain_type = h.grain_type AND e.grain_key = h.grain_key AND e.state_name = h.state_name
            AND e.version >= h.snapshot_version AND e.version <= h.version
        WHERE h.grain_type = $1 AND h.grain_key = $2 AND h.state_name = $3
        ORDER BY e.version
        """;
}
