using Microsoft.Extensions.Hosting;

namespace LiveDash.Gateway.Push;

/// <summary>
/// Tells push clients to reconnect as soon as shutdown begins (<see cref="IHostApplicationLifetime.ApplicationStopping"/>),
/// so Kestrel's graceful drain sees their responses end instead of waiting out its timeout on open streams.
/// </summary>
internal sealed class PushShutdown(IHostApplicationLifetime lifetime, TopicHub hub) : IHostedService
{
    private CancellationTokenRegistration _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = lifetime.ApplicationStopping.Register(() => hub.CloseAll(DisconnectCode.Shutdown));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registration.Dispose();
        return Task.CompletedTask;
    }
}
