using LiveDash.Runtime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>The smallest <see cref="ISiloBuilder"/>: lets the storage registration extensions run without a silo.</summary>
internal sealed class TestSiloBuilder : ISiloBuilder
{
    public TestSiloBuilder(IServiceCollection services, IConfiguration configuration)
    {
        Services = services;
        Configuration = configuration;
    }

    public IServiceCollection Services { get; }

    public IConfiguration Configuration { get; }
}
