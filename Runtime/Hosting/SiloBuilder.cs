using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDash.Runtime.Hosting;

/// <summary>The <see cref="ISiloBuilder"/> handed to configuration callbacks.</summary>
internal sealed class SiloBuilder : ISiloBuilder
{
    public SiloBuilder(IServiceCollection services, IConfiguration configuration)
    {
        Services = services;
        Configuration = configuration;
    }

    public IServiceCollection Services { get; }

    public IConfiguration Configuration { get; }
}
