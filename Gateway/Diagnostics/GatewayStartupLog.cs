using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Membership;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Diagnostics;

/// <summary>
/// Logs, once the host has started (HTTP bound), how this gateway runs: its name, runtime mode (and cluster id
/// for a cluster client), HTTP bindings and the diagnostics options. Other subsystems log their own options.
/// </summary>
internal sealed class GatewayStartupLog : IHostedService
{
    private readonly IServiceProvider _services;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;
    private CancellationTokenRegistration _registration;

    public GatewayStartupLog(IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<GatewayStartupLog> logger)
    {
        _services = services;
        _lifetime = lifetime;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = _lifetime.ApplicationStarted.Register(static s => ((GatewayStartupLog)s!).LogStarted(), this);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _registration.Dispose();
        return Task.CompletedTask;
    }

    private void LogStarted()
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var name = _services.GetRequiredService<GatewayIdentity>().Name;
        var mode = _services.GetRequiredService<GatewayReadiness>().Mode;
        var addresses = _services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        var urls = addresses is { Count: > 0 } ? string.Join(", ", addresses) : "(no HTTP binding)";
        var selfMetrics = _services.GetRequiredService<IOptions<SelfMetricsOptions>>().Value;
        var schedule = selfMetrics.Enabled
            ? "every " + selfMetrics.Interval.ToString("c", System.Globalization.CultureInfo.InvariantCulture)
            : "off (" + SelfMetricsOptions.SectionName + ":Enabled=false)";
        if (_services.GetService<IClusterMembershipView>() is null)
        {
            DiagnosticsLog.StartedLocal(_logger, name, mode, urls, schedule);
        }
        else
        {
            var clusterId = _services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId;
            DiagnosticsLog.StartedClient(_logger, name, mode, clusterId, urls, schedule);
        }
    }
}
