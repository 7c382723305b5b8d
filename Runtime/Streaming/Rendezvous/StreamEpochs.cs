namespace LiveDash.Runtime.Streaming.Rendezvous;

/// <summary>
/// Chooses epochs: the time in Unix milliseconds times 1,024 plus 10 random bits. A later incarnation
/// of a stream (on another silo, after a crash) gets a larger epoch as long as clocks agree to within
/// its lifetime, two incarnations started in the same millisecond almost never share one, and the value
/// stays below 2^53 (until the year 2248) so JavaScript holds it exactly. Within this process epochs only grow.
/// </summary>
internal static class StreamEpochs
{
    private static long s_last;

    public static long Next(TimeProvider time)
    {
        var candidate = (time.GetUtcNow().ToUnixTimeMilliseconds() << 10) | Random.Shared.NextInt64(1024);
        while (true)
        {
            var last = Volatile.Read(ref s_last);
            var next = Math.Max(candidate, last + 1);
            if (Interlocked.CompareExchange(ref s_last, next, last) == last)
            {
                return next;
            }
        }
    }
}
