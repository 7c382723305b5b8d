namespace LiveDash.Runtime.Postgres;

/// <summary>
/// The SQL of the PostgreSQL grain storage provider. One row per (grain type, grain key, state name);
/// <c>version</c> is the etag. A cleared record keeps its row with a NULL payload (a tombstone) so
/// versions never repeat and a writer holding a pre-clear etag cannot succeed.
/// </summary>
/// <remarks>
/// <para>The payload is <c>bytea</c>, not <c>jsonb</c>: the serializer's UTF-8 JSON must come back
/// byte for byte. jsonb reorders object keys and drops duplicates, which breaks System.Text.Json's
/// rule that metadata such as <c>$type</c> comes first, and it costs a server-side parse on every
/// write of the group-commit path for a query ability nothing here uses.</para>
/// <para>Every write statement is a single statement that cannot raise an error on a conflict
/// (<c>ON CONFLICT DO NOTHING</c>, <c>UPDATE ... WHERE version = $6</c>) and returns one row
/// <c>(committed, version)</c>: <c>(true, new version)</c> when it changed the record,
/// <c>(false, stored version)</c> when it did not, and no row when it did not and no record exists.
/// So a stale request changes nothing and does not abort the transaction it shares with others,
/// and the stored version for the error message costs no extra round trip.</para>
/// <para>Parameters are positional: $1 grain type, $2 grain key, $3 state name, $4 payload (NULL for
/// a clear), $5 modified at, $6 expected version.</para>
/// </remarks>
internal static class PostgresGrainStateSql
{
    /// <summary>Idempotent; run under <see cref="PostgresSchema"/>'s lock.</summary>
    public const string CreateTable = """
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_type  text        NOT NULL,
            grain_key   text        NOT NULL,
            state_name  text        NOT NULL,
            version     bigint      NOT NULL,
            payload     bytea       NULL,
            modified_at timestamptz NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name)
        );
        """;

    /// <summary>A write or clear presented without an etag: commits only when no row, not even a tombstone, exists.</summary>
    public const string InsertFirstVersion = """
        WITH changed AS (
            INSERT INTO grain_state (grain_type, grain_key, state_name, version, payload, modified_at)
            VALUES ($1, $2, $3, 1, $4, $5)
            ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING
            RETURNING version)
        SELECT true, version FROM changed
        UNION ALL
        SELECT false, version FROM grain_state
        WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND NOT EXISTS (SELECT 1 FROM changed)
        """;

    /// <summary>A write or clear presented with an etag: commits only when the stored version is that etag.</summary>
    public const string UpdateIfVersion = """
        WITH changed AS (
            UPDATE grain_state SET version = version + 1, payload = $4, modified_at = $5
            WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND version = $6
            RETURNING version)
        SELECT true, version FROM changed
        UNION ALL
        SELECT false, version FROM grain_state
        WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3 AND NOT EXISTS (SELECT 1 FROM changed)
        """;

    /// <summary>A request whose etag this store never issued: rejected, with the stored version for the message.</summary>
    public const string SelectRejected = """
        SELECT false, version FROM grain_state
        WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3
        """;

    /// <summary>A read: no row, a tombstone (NULL payload) or a live record.</summary>
    public const string SelectRecord = """
        SELECT version, payload FROM grain_state
        WHERE grain_type = $1 AND grain_key = $2 AND state_name = $3
        """;
}
