using LiveDash.Gateway.Hosting;
using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Diagnostics;

/// <summary>
/// Whether the gateway can serve (<c>GET /readyz</c>): the host has started and is not stopping, and its
/// runtime can take grain calls — a co-hosted silo has started; a cluster client has finished its start
/// (<see cref="BackgroundRuntimeStart"/>) and its view of the cluster holds at least one Active silo.
/// </summary>
/// <remarks>
/// Every check reads state the runtime keeps anyway (lifetime tokens, the membership view the client
/// routes by): a probe costs no I/O, so load balancers may probe as often as they like.
/// </remarks>
internal sealed class GatewayReadiness
{
    private readonly IHostApplicationLifetime _lifetime;
    private readonly GatewayRuntimeInfo? _runtime;
    private readonly BackgroundRuntimeStart? _backgroundStart;
    private readonly IClusterMembershipView? _membership;
    private readonly string _clusterId;

    public GatewayReadiness(IServiceProvider services)
    {
        _lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        _runtime = services.GetService<GatewayRuntimeInfo>();
        _backgroundStart = services.GetService<BackgroundRuntimeStart>();
        _membership = services.GetService<IClusterMembershipView>();
        _clusterId = services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId;
    }

    /// <summary>The runtime's name in answers and logs: <c>local-silo</c>, <c>cluster-client</c> or <c>custom</c>.</summary>
    public string Mode => _runtime?.Name ?? "custom";

    /// <summary>Checks readiness now.</summary>
    /// <returns>Ready or not, and why.</returns>
    public ReadinessResult Check()
    {
        if (_lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return NotReady("The gateway is shutting down.");
        }

        // Hosted services (a co-hosted silo among them) start before the host reports started.
        if (!_lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return NotReady("The gateway is still starting.");
        }

        if (_backgroundStart is not null && !_backgroundStart.IsStarted)
        {
            return _backgroundStart.Failure is { } failure
                ? NotReady($"The cluster client failed to start ({failure.Message}); the gateway is stopping.")
                : NotReady($"The cluster client is still connecting: no silo of cluster {_clusterId} is Active in the membership table yet.", activeSilos: 0);
        }

        if (_membership is null)
        {
            return new ReadinessResult(true, Mode, "The co-hosted silo is running.", null);
        }

        var view = _membership.CurrentView;
        var active = view.ActiveSilos.Length;
        return active == 0
            ? NotReady($"No silo of cluster {_clusterId} is Active in this gateway's view (membership version {view.Version}); grain calls cannot be served until one is.", activeSilos: 0)
            : new ReadinessResult(true, Mode, $"{active} Active silo{(active == 1 ? "" : "s")} of cluster {_clusterId} in view (membership version {view.Version}).", active);
    }

    private ReadinessResult NotReady(string detail, int? activeSilos = null) => new(false, Mode, detail, activeSilos);
}
