using LiveDash.Runtime.Hosting;
using LiveDash.Runtime.Membership;
using Microsoft.Extensions.Hosting;

namespace LiveDash.TestingHost;

/// <summary>What a <see cref="TestClusterBuilder"/> decided, handed to the cluster.</summary>
internal sealed record TestClusterOptions(
    string ClusterId,
    IReadOnlyList<Action<ISiloBuilder>> SiloConfigurations,
    IReadOnlyList<Action<IClientBuilder>> ClientConfigurations,
    IReadOnlyList<Action<IHostBuilder>> HostConfigurations,
    IReadOnlyDictionary<string, string?> Configuration,
    Func<string, IServiceProvider, IMembershipTable> MembershipTable);
