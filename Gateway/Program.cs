using LiveDash.Gateway.Hosting;

// One LiveDash gateway. Configuration: appsettings.json, LiveDash__X__Y environment variables, or
// --LiveDash:X:Y=value arguments (CONTRACT.md). LiveDash:Cluster:Provider=local (default) co-hosts a
// silo in this process; postgres makes the gateway a client of the cluster in LiveDash:Cluster:Postgres.
Microsoft.AspNetCore.Builder.WebApplication app;
try
{
    app = GatewayApplication.Build(args);
}
catch (InvalidOperationException exception)
{
    // A configuration mistake: say what is wrong and how to fix it, without a stack trace.
    await Console.Error.WriteLineAsync("livedash gateway: " + exception.Message);
    return 2;
}

await app.RunAsync();

// 0 after a requested stop; non-zero when the gateway stopped itself after start: an open scope on a
// non-loopback bound address (Auth/AuthStartup), or a cluster client that could not start.
return Environment.ExitCode;

/// <summary>The gateway's entry point (named for WebApplicationFactory in tests).</summary>
public partial class Program;
