namespace LiveDash.Gateway.Ingest;

/// <summary>The body formats of the write endpoints, from the <c>Content-Type</c> header.</summary>
internal enum WriteContentType
{
    /// <summary>Missing, another media type, or a charset other than UTF-8: answered 415.</summary>
    Unsupported,

    /// <summary><c>application/json</c>.</summary>
    Json,

    /// <summary><c>text/plain</c>: InfluxDB line protocol.</summary>
    LineProtocol,
}
