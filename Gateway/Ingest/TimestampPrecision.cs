namespace LiveDash.Gateway.Ingest;

/// <summary>The unit of line-protocol timestamps (the InfluxDB <c>precision</c> query parameter); JSON always uses milliseconds.</summary>
internal enum TimestampPrecision
{
    /// <summary><c>ns</c>, the line-protocol default.</summary>
    Nanoseconds,

    /// <summary><c>us</c>.</summary>
    Microseconds,

    /// <summary><c>ms</c>.</summary>
    Milliseconds,

    /// <summary><c>s</c>.</summary>
    Seconds,
}
