using LiveDash.Grains.Demo;
using LiveDash.Grains.Hosting;
using LiveDash.Runtime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// One LiveDash silo. Configuration: appsettings.json, LiveDash__X__Y environment variables, or
// --LiveDash:X:Y=value arguments (CONTRACT.md).
var builder = Host.CreateApplicationBuilder(args);

var clusterProvider = builder.Configuration["LiveDash:Cluster:Provider"] ?? "local";
if (!string.Equals(clusterProvider, "local", StringComparison.OrdinalIgnoreCase))
{
    await Console.Error.WriteLineAsync(
        $"LiveDash:Cluster:Provider={clusterProvider} is not available yet: this build runs one silo ('local'). Multi-silo clusters arrive with the cluster work.");
    return 2;
}

builder.UseLiveDashSilo(silo => silo.AddLiveDashGrains().AddConfiguredGrainStorage());
if (builder.Configuration.GetValue("LiveDash:Demo", defaultValue: false))
{
    builder.Services.AddHostedService<DemoFeed>();
}

await builder.Build().RunAsync();
return 0;
