namespace LiveDash.Runtime.Postgres;

/// <summary>
/// Options of the PostgreSQL grain storage provider (see <c>AddPostgresGrainStorage</c>), bound from
/// configuration section <c>LiveDash:Storage:PostgresOptions</c> for the default provider and
/// <c>LiveDash:Storage:PostgresOptions:{name}</c> for a named one; validated when the host starts.
/// </summary>
public sealed class PostgresGrainStorageOptions
{
    /// <summary>Configuration section the provider named <see cref="GrainStorageNames.Default"/> binds these options from.</summary>
    public const string SectionName = "LiveDash:Storage:PostgresOptions";

    /// <summary>The largest allowed <see cref="MaxWritesPerCommit"/>.</summary>
    internal const int MaxWritesPerCommitLimit = 10_000;

    /// <summary>The largest allowed <see cref="MaxPendingWrites"/>.</summary>
    internal const int MaxPendingWritesLimit = 1_000_000;

    /// <summary>
    /// The Npgsql connection string (it must name a Host). The provider creates table <c>grain_state</c>
    /// in its database when absent. The product silo fills it from <c>LiveDash:Cluster:Postgres</c>.
    /// No default.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Group commit: the most writes and clears sent in one round trip and committed in one
    /// transaction (one WAL flush). A lone write is still committed at once, never delayed to fill a
    /// group. Default: 256. Range: 1 to 10,000.
    /// </summary>
    public int MaxWritesPerCommit { get; set; } = 256;

    /// <summary>
    /// The bound of the queue of writes and clears waiting for the writer. When it is full, callers
    /// wait (asynchronously, honouring their cancellation token) for room. Default: 4,096.
    /// Range: 1 to 1,000,000.
    /// </summary>
    public int MaxPendingWrites { get; set; } = 4096;

    /// <summary>
    /// The most database connections this provider (one per silo) holds at once; more concurrent reads
    /// wait for one. A silo activating a thousand grains at once must not open a thousand connections:
    /// PostgreSQL's own limit (100 by default) is shared by every silo. Overrides the connection
    /// string's <c>Maximum Pool Size</c>. Default: 16. Range: 2 to 1,000 (one is the writer's).
    /// </summary>
    public int MaxConnections { get; set; } = 16;

    /// <summary>The configuration section of the provider called <paramref name="name"/>.</summary>
    internal static string ConfigurationSectionFor(string name)
        => string.Equals(name, GrainStorageNames.Default, StringComparison.Ordinal)
            ? SectionName
            : SectionName + ":" + name;
}
