namespace LiveDash.Baselines.Publishing;

/// <summary>
/// One published update. Both transports carry it as JSON with a <c>"ts"</c> field, the publish
/// time in Unix microseconds; the load generator, on the same machine, reads the field and
/// subtracts it from its own clock on arrival.
/// </summary>
/// <param name="Seq">Publish sequence number, from 1.</param>
/// <param name="Ts">Publish time, Unix microseconds (UTC wall clock).</param>
/// <param name="Pad">Filler so the event has a realistic size.</param>
internal sealed record BenchEvent(long Seq, long Ts, string Pad)
{
    public static long UnixMicrosecondsNow() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
}
