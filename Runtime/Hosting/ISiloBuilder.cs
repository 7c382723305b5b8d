using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDash.Runtime.Hosting;

/// <summary>Configures a silo on the .NET generic host (see <see cref="SiloHostBuilderExtensions.UseLiveDashSilo(Microsoft.Extensions.Hosting.IHostBuilder, Action{ISiloBuilder})"/>).</summary>
public interface ISiloBuilder
{
    /// <summary>The host's services; grain storage providers and grain dependencies are registered here.</summary>
    IServiceCollection Services { get; }

    /// <summary>The host's configuration.</summary>
    IConfiguration Configuration { get; }
}
