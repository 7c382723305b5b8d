using LiveDash.Gateway.Auth;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace LiveDash.UnitTests.Gateway.Auth;

// Environment.ExitCode is process-wide: these tests restore it, and do not run in parallel with each other.
[Collection(nameof(AuthStartupTests))]
public sealed class AuthStartupTests
{
    [Fact]
    public void CheckBoundAddresses_OpenScopeOnANonLoopbackAddress_StopsTheGatewayWithExitCode2()
    {
        var gateway = new AuthFixture(ingestKeys: "", viewKeys: AuthFixture.ViewKey);
        var lifetime = new FakeLifetime();
        var exitCode = Environment.ExitCode;
        try
        {
            var stopped = Startup(gateway, lifetime, "http://127.0.0.1:5080", "http://[::]:5080").CheckBoundAddresses();

            Assert.True(stopped);
            Assert.True(lifetime.StopRequested, "The gateway was not told to stop.");
            Assert.Equal(AuthStartup.ConfigurationErrorExitCode, Environment.ExitCode);
            Assert.False(gateway.Bind.LoopbackOnly);
            Assert.Equal(AccessScope.None, gateway.Keys.OpenScopes(gateway.Keys.Current));
        }
        finally
        {
            Environment.ExitCode = exitCode;
        }
    }

    [Fact]
    public void CheckBoundAddresses_KeyedOnANonLoopbackAddress_KeepsRunningButClosesOpenAccessForGood()
    {
        var gateway = new AuthFixture();
        var lifetime = new FakeLifetime();

        Assert.False(Startup(gateway, lifetime, "http://0.0.0.0:5080").CheckBoundAddresses());

        Assert.False(lifetime.StopRequested);
        Assert.False(gateway.Bind.LoopbackOnly, "A later reload that empties a list must not open the gateway.");
    }

    [Fact]
    public void CheckBoundAddresses_OpenOnLoopbackAddresses_KeepsRunning()
    {
        var gateway = new AuthFixture(ingestKeys: "", viewKeys: "");
        var lifetime = new FakeLifetime();

        Assert.False(Startup(gateway, lifetime, "http://127.0.0.1:41234", "http://[::1]:41234").CheckBoundAddresses());

        Assert.False(lifetime.StopRequested);
        Assert.Equal(AccessScope.View | AccessScope.Ingest, gateway.Keys.OpenScopes(gateway.Keys.Current));
    }

    [Fact]
    public void CheckBoundAddresses_ServerWithoutAddresses_KeepsRunning()
    {
        var gateway = new AuthFixture(ingestKeys: "", viewKeys: "");
        var lifetime = new FakeLifetime();

        Assert.False(Startup(gateway, lifetime).CheckBoundAddresses());
        Assert.False(lifetime.StopRequested);
    }

    private static AuthStartup Startup(AuthFixture gateway, FakeLifetime lifetime, params string[] addresses)
        => new(
            gateway.Keys,
            gateway.Bind,
            AuthFixture.Wrap(gateway.Options),
            AuthFixture.Wrap(new ConnectionLimitOptions()),
            new FakeServer(addresses),
            lifetime,
            NullLogger<AuthStartup>.Instance);

    private sealed class FakeServer : IServer
    {
        public FakeServer(string[] addresses)
        {
            if (addresses.Length > 0)
            {
                var feature = new ServerAddressesFeature();
                foreach (var address in addresses)
                {
                    feature.Addresses.Add(address);
                }

                Features.Set<IServerAddressesFeature>(feature);
            }
        }

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public void Dispose()
        {
        }

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class FakeLifetime : IHostApplicationLifetime
    {
        public bool StopRequested { get; private set; }

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => StopRequested = true;
    }
}
