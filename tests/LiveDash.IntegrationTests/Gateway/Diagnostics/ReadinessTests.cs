using System.Net;
using System.Text.Json;
using LiveDash.Gateway.Hosting;
using LiveDash.Grains.Hosting;
using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Membership;
using LiveDash.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway.Diagnostics;

public sealed class ReadinessTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Readyz_StartedLocalGateway_200ReadyInLocalSiloMode()
    {
        await using var gateway = await GatewayServer.StartAsync();
        using var http = gateway.CreateClient();

        using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("local-silo", body.RootElement.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Readyz_ClusterClientWhoseClusterHasNoSilo_503ProblemSayingWhatIsMissingWhileHealthzIs200()
    {
        var table = new InMemoryMembershipTable();
        await using var gateway = await StartClientAsync(table, "empty-cluster");
        using var http = gateway.CreateClient();

        using var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("application/problem+json", ready.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
        var detail = problem.RootElement.GetProperty("detail").GetString();
        Assert.Contains("no silo of cluster empty-cluster is Active", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Readyz_ClusterClientOnceASiloOfItsClusterIsActive_200CountingIt()
    {
        var table = new InMemoryMembershipTable();
        var builder = new TestClusterBuilder { InitialSilosCount = 1 }.UseMembershipTable((_, _) => table);
        await using var gateway = await StartClientAsync(table, builder.ClusterId);
        using var http = gateway.CreateClient();
        using (var before = await http.GetAsync(new Uri("/readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        }

        await using var cluster = await builder.BuildAndStartAsync();
        await gateway.Services.GetRequiredService<BackgroundRuntimeStart>().Started.WaitAsync(s_timeout);

        using var after = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        using var body = JsonDocument.Parse(await after.Content.ReadAsStringAsync());
        Assert.Equal("cluster-client", body.RootElement.GetProperty("mode").GetString());
        Assert.Equal(1, body.RootElement.GetProperty("activeSilos").GetInt32());
    }

    private static async Task<GatewayServer> StartClientAsync(InMemoryMembershipTable table, string clusterId)
    {
        var start = GatewayServer.StartAsync(
            new Dictionary<string, string?> { ["LiveDash:Cluster:ClusterId"] = clusterId },
            configureRuntime: builder => GatewayRuntime.UseClusterClient(builder, client => client.AddLiveDashGrains().UseInMemoryClustering(table)));
        try
        {
            return await start.WaitAsync(s_timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Expected the cluster-client gateway to start (HTTP up) within {s_timeout} without waiting for a silo.");
        }
    }
}
