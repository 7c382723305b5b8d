using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDash.Runtime.Hosting;

/// <summary>Configures a cluster client on the .NET generic host (see <see cref="ClientHostBuilderExtensions"/>).</summary>
public interface IClientBuilder
{
    /// <summary>The host's services.</summary>
    IServiceCollection Services { get; }

    /// <summary>The host's configuration.</summary>
    IConfiguration Configuration { get; }
}
