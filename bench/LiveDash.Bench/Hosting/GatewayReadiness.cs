namespace LiveDash.Bench.Hosting;

/// <summary>Waits until a gateway child process can serve: its <c>GET /readyz</c> answers 2xx.</summary>
internal static class GatewayReadiness
{
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(5) };

    // Short: the storm scenario reports how long a restarted gateway took to become ready.
    private static readonly TimeSpan s_probeInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Probes <c>/readyz</c> until it answers 2xx.</summary>
    /// <param name="gateway">The gateway's root, e.g. <c>http://127.0.0.1:5090/</c>.</param>
    /// <param name="throwIfExited">Throws when a process the start depends on has exited (its stderr says why).</param>
    /// <param name="cancellationToken">Ends the wait; callers bound it with their start timeout.</param>
    public static async Task WaitAsync(Uri gateway, Action throwIfExited, CancellationToken cancellationToken)
    {
        var readyz = new Uri(gateway, "readyz");
        while (true)
        {
            throwIfExited();
            try
            {
                using var response = await s_http.GetAsync(readyz, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A probe timed out (a busy start); try again until the caller's timeout.
            }

            await Task.Delay(s_probeInterval, cancellationToken);
        }
    }
}
