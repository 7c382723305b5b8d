namespace LiveDash.Runtime.Cluster;

/// <summary>
/// Hands out silo generations: the start time in Unix milliseconds, strictly increasing within the
/// process so that a silo restarted on the same port in the same millisecond (tests do this) is
/// still a newer member.
/// </summary>
internal static class SiloGeneration
{
    private static long s_last;

    public static long Next(TimeProvider time)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        while (true)
        {
            var last = Volatile.Read(ref s_last);
            var next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref s_last, next, last) == last)
            {
                return next;
            }
        }
    }
}
