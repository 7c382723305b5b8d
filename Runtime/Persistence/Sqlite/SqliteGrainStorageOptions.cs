namespace LiveDash.Runtime.Sqlite;

/// <summary>
/// Options of the SQLite grain storage provider (see <c>AddSqliteGrainStorage</c>), bound from
/// configuration section <c>LiveDash:Storage:SqliteOptions</c> for the default provider and
/// <c>LiveDash:Storage:SqliteOptions:{name}</c> for a named one; validated when the host starts.
/// </summary>
public sealed class SqliteGrainStorageOptions
{
    /// <summary>
    /// Configuration section the provider named <see cref="GrainStorageNames.Default"/> binds these options from.
    /// Not <c>LiveDash:Storage:Sqlite</c>: the public contract gives that key to the connection string alone.
    /// </summary>
    public const string SectionName = "LiveDash:Storage:SqliteOptions";

    /// <summary>The largest allowed <see cref="MaxWritesPerCommit"/>.</summary>
    internal const int MaxWritesPerCommitLimit = 10_000;

    /// <summary>The largest allowed <see cref="MaxPendingWrites"/>.</summary>
    internal const int MaxPendingWritesLimit = 1_000_000;

    /// <summary>
    /// The Microsoft.Data.Sqlite connection string. It must name a database file (not <c>:memory:</c>);
    /// the file's parent directory is created when missing. A relative path is relative to the
    /// process's working directory. Default: <c>Data Source=./data/livedash.db</c>.
    /// </summary>
    public string ConnectionString { get; set; } = "Data Source=./data/livedash.db";

    /// <summary>
    /// Group commit: the most writes and clears committed in one transaction (one fsync). Larger
    /// groups raise throughput under load; a lone write is still committed at once, never delayed
    /// to fill a group. Default: 256. Range: 1 to 10,000.
    /// </summary>
    public int MaxWritesPerCommit { get; set; } = 256;

    /// <summary>
    /// The bound of the queue of writes and clears waiting for the writer. When it is full, callers
    /// wait (asynchronously, honouring their cancellation token) for room. Default: 4,096.
    /// Range: 1 to 1,000,000.
    /// </summary>
    public int MaxPendingWrites { get; set; } = 4096;

    /// <summary>The configuration section of the provider called <paramref name="name"/>.</summary>
    internal static string ConfigurationSectionFor(string name)
        => string.Equals(name, GrainStorageNames.Default, StringComparison.Ordinal)
            ? SectionName
            : SectionName + ":" + name;
}
