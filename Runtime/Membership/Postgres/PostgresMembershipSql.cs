namespace LiveDash.Runtime.Membership.Postgres;

/// <summary>
/// The SQL of the PostgreSQL membership table. <c>membership_version</c> holds one row per cluster id
/// (its table version); <c>membership_row</c> one row per silo incarnation with its etag.
/// </summary>
/// <remarks>
/// Every conditional change runs in one transaction that first bumps the table version with
/// <see cref="BumpVersion"/>: the version row is the lock that serialises writers of one cluster id,
/// and a writer whose expected version is gone changes nothing (0 rows) and rolls back. Writers always
/// lock the version row before any silo row, and IAmAlive locks only its silo row, so there is no
/// lock cycle. Parameters are positional; $1 is always the cluster id.
/// </remarks>
internal static class PostgresMembershipSql
{
    /// <summary>The NOTIFY channel; the payload is the cluster id, so clusters sharing a database ignore each other.</summary>
    public const string Channel = "livedash_membership";

    /// <summary>Idempotent; run under the schema lock.</summary>
    public const string CreateTables = """
        CREATE TABLE IF NOT EXISTS membership_version (
            cluster_id text   PRIMARY KEY,
            version    bigint NOT NULL
        );
        CREATE TABLE IF NOT EXISTS membership_row (
            cluster_id      text        NOT NULL,
            host            text        NOT NULL,
            port            integer     NOT NULL,
            generation      bigint      NOT NULL,
            status          text        NOT NULL,
            host_name       text        NOT NULL,
            start_time      timestamptz NOT NULL,
            i_am_alive_time timestamptz NOT NULL,
            suspicions      jsonb       NOT NULL,
            etag            bigint      NOT NULL,
            PRIMARY KEY (cluster_id, host, port, generation)
        );
        """;

    /// <summary>A cluster id's version row, at 0, unless it exists.</summary>
    public const string InsertVersion = """
        INSERT INTO membership_version (cluster_id, version) VALUES ($1, 0)
        ON CONFLICT (cluster_id) DO NOTHING
        """;

    /// <summary>The version and every row in one statement, hence one snapshot.</summary>
    public const string SelectAll = """
        SELECT v.version, r.host, r.port, r.generation, r.status, r.host_name, r.start_time, r.i_am_alive_time, r.suspicions, r.etag
        FROM membership_version v LEFT JOIN membership_row r ON r.cluster_id = v.cluster_id
        WHERE v.cluster_id = $1
        """;

    /// <summary>$2 expected version. 1 row affected: this transaction now owns the version.</summary>
    public const string BumpVersion = """
        UPDATE membership_version SET version = version + 1 WHERE cluster_id = $1 AND version = $2
        """;

    /// <summary>$2 host, $3 port, $4 generation, $5 status, $6 host name, $7 start, $8 IAmAlive, $9 suspicions. 0 rows: the silo has a row.</summary>
    public const string InsertRow = """
        INSERT INTO membership_row (cluster_id, host, port, generation, status, host_name, start_time, i_am_alive_time, suspicions, etag)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)
        ON CONFLICT (cluster_id, host, port, generation) DO NOTHING
        """;

    /// <summary>As <see cref="InsertRow"/>, plus $10 expected etag. 0 rows: no such row or another etag.</summary>
    public const string UpdateRow = """
        UPDATE membership_row
        SET status = $5, host_name = $6, start_time = $7, i_am_alive_time = GREATEST(i_am_alive_time, $8), suspicions = $9, etag = etag + 1
        WHERE cluster_id = $1 AND host = $2 AND port = $3 AND generation = $4 AND etag = $10
        """;

    /// <summary>$2 host, $3 port, $4 generation, $5 time. Neither etag nor version changes.</summary>
    public const string UpdateIAmAlive = """
        UPDATE membership_row SET i_am_alive_time = GREATEST(i_am_alive_time, $5)
        WHERE cluster_id = $1 AND host = $2 AND port = $3 AND generation = $4
        """;

    /// <summary>$1 cluster id, $2 time: Dead rows silent since before it. Neither versions nor other rows change.</summary>
    public const string DeleteDefunctRows = """
        DELETE FROM membership_row
        WHERE cluster_id = $1 AND status = 'Dead' AND i_am_alive_time < $2
        """;

    /// <summary>Queued by the transaction and delivered only if it commits.</summary>
    public const string Notify = "SELECT pg_notify('" + Channel + "', $1)";

    /// <summary>Run on the listener's dedicated connection.</summary>
    public const string Listen = "LISTEN " + Channel;
}
