using LiveDash.Gateway.Diagnostics;
using LiveDash.Gateway.Hosting;
using LiveDash.Runtime;
using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Membership;
using LiveDash.Runtime.Placement;
using LiveDash.UnitTests.Gateway.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Diagnostics;

public sealed class GatewayReadinessTests : IDisposable
{
    private readonly FakeLifetime _lifetime = new();
    private readonly FakeView _view = new();

    [Fact]
    public void Check_LocalSiloBeforeTheHostStarted_NotReadyStillStarting()
    {
        var result = Readiness(GatewayRuntimeMode.LocalSilo, withView: false).Check();

        Assert.False(result.IsReady);
        Assert.Contains("still starting", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LocalSiloStarted_Ready()
    {
        _lifetime.Start();

        var result = Readiness(GatewayRuntimeMode.LocalSilo, withView: false).Check();

        Assert.True(result.IsReady, result.Detail);
        Assert.Equal("local-silo", result.Mode);
        Assert.Null(result.ActiveSilos);
    }

    [Fact]
    public void Check_Stopping_NotReadyShuttingDown()
    {
        _lifetime.Start();
        _lifetime.StopApplication();

        var result = Readiness(GatewayRuntimeMode.LocalSilo, withView: false).Check();

        Assert.False(result.IsReady);
        Assert.Contains("shutting down", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ClientWhoseViewLostEverySilo_NotReadyNamingTheCluster()
    {
        _lifetime.Start();
        _view.CurrentView = new ClusterView(7, []);

        var result = Readiness(GatewayRuntimeMode.ClusterClient, withView: true).Check();

        Assert.False(result.IsReady);
        Assert.Equal("cluster-client", result.Mode);
        Assert.Equal(0, result.ActiveSilos);
        Assert.Contains("No silo of cluster blue is Active", result.Detail, StringComparison.Ordinal);
        Assert.Contains("version 7", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ClientWithTwoActiveSilos_ReadyCountingThem()
    {
        _lifetime.Start();
        _view.CurrentView = new ClusterView(3, [new SiloAddress("127.0.0.1", 11111, 1), new SiloAddress("127.0.0.1", 11112, 1)]);

        var result = Readiness(GatewayRuntimeMode.ClusterClient, withView: true).Check();

        Assert.True(result.IsReady, result.Detail);
        Assert.Equal(2, result.ActiveSilos);
    }

    public void Dispose() => _lifetime.Dispose();

    private GatewayReadiness Readiness(GatewayRuntimeMode mode, bool withView)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IHostApplicationLifetime>(_lifetime);
        services.AddSingleton(new GatewayRuntimeInfo(mode));
        services.Configure<ClusterOptions>(o => o.ClusterId = "blue");
        if (withView)
        {
            services.AddSingleton<IClusterMembershipView>(_view);
        }

        return new GatewayReadiness(services.BuildServiceProvider());
    }

    private sealed class FakeView : IClusterMembershipView
    {
        public ClusterView CurrentView { get; set; } = ClusterView.Empty;
    }
}
