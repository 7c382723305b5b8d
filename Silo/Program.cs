using LiveDash.Grains.Demo;
using LiveDash.Grains.Hosting;
using LiveDash.Runtime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// One LiveDash silo. Configuration: appsettings.json, LiveDash__X__Y environment variables, or
// --LiveDash:X:Y=value arguments (CONTRACT.md). LiveDash:Cluster:Provider=local (default) runs it
// alone; postgres makes it a member of the cluster recorded in LiveDash:Cluster:Postgres.
var builder = Host.CreateApplicationBuilder(args);

try
{
    builder.UseLiveDashSilo(silo => silo.AddLiveDashGrains().AddConfiguredClustering().AddConfiguredGrainStorage());
}
catch (InvalidOperationException exception)
{
    // A configuration mistake: say what is wrong and how to fix it, without a stack trace.
    await Console.Error.WriteLineAsync("livedash silo: " + exception.Message);
    return 2;
}

if (builder.Configuration.GetValue("LiveDash:Demo", defaultValue: false))
{
    builder.Services.AddHostedService<DemoFeed>();
}

await builder.Build().RunAsync();
return 0;
