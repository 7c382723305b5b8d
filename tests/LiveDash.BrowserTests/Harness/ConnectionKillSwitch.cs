using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace LiveDash.BrowserTests.Harness;

/// <summary>
/// Lets a test crash an in-process gateway as a browser would see a crash: every open request (SSE streams,
/// WebSockets, long polls) is aborted at the socket, with no disconnect event, no close frame and no final
/// chunk, and every request after that is aborted too until the gateway is stopped. A graceful
/// stop would instead tell push clients to reconnect (code 4000), which is the easy case.
/// </summary>
internal sealed class ConnectionKillSwitch : IStartupFilter
{
    private readonly ConcurrentDictionary<HttpContext, byte> _open = new();
    private volatile bool _killed;

    /// <summary>Aborts every open request and refuses (aborts) every new one.</summary>
    /// <returns>How many open requests were aborted.</returns>
    public int Kill()
    {
        _killed = true;
        var aborted = 0;
        foreach (var context in _open.Keys)
        {
            context.Abort();
            aborted++;
        }

        return aborted;
    }

    /// <inheritdoc />
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // First in the pipeline, so it sees every request the gateway serves, the UI's files included.
        app.Use(async (context, nextMiddleware) =>
        {
            if (_killed)
            {
                context.Abort();
                return;
            }

            _open.TryAdd(context, 0);
            try
            {
                // A request that slipped in while Kill enumerated is aborted here instead.
                if (_killed)
                {
                    context.Abort();
                    return;
                }

                await nextMiddleware(context);
            }
            finally
            {
                _open.TryRemove(context, out _);
            }
        });
        next(app);
    };
}
