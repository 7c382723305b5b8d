namespace LiveDash.Gateway.Auth;

/// <summary>What a key or ticket allows: reading (view) and writing (ingest). A key listed in both lists has both.</summary>
[Flags]
public enum AccessScope
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Read topics, snapshots and push streams (<c>LiveDash:Auth:ViewKeys</c>).</summary>
    View = 1,

    /// <summary>Write metrics and board commands (<c>LiveDash:Auth:IngestKeys</c>).</summary>
    Ingest = 2,
}
