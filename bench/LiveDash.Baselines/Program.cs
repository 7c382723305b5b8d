using System.Net;
using LiveDash.Baselines;
using LiveDash.Baselines.Hosting;
using LiveDash.Baselines.ParseOnly;
using LiveDash.Baselines.Publishing;
using LiveDash.Baselines.RawSse;
using LiveDash.Baselines.SignalR;

var options = BaselineOptions.Parse(args, out var error);
if (options is null)
{
    await Console.Error.WriteLineAsync($"baselines: {error}\n\n{BaselineOptions.Usage}");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.UseKestrel(kestrel =>
{
    kestrel.Listen(IPAddress.Loopback, options.Port);
    kestrel.Limits.MaxConcurrentConnections = options.MaxConnections;
    kestrel.Limits.MaxConcurrentUpgradedConnections = options.MaxConnections;
    // Event streams are long-lived and mostly idle: no minimum data rate, no keep-alive cut-off.
    kestrel.Limits.MinResponseDataRate = null;
    kestrel.Limits.KeepAliveTimeout = TimeSpan.FromHours(1);
});
// A burst of thousands of connects must not overflow the accept queue (somaxconn is 4096 here).
builder.WebHost.UseSockets(sockets => sockets.Backlog = 4096);

builder.Services.AddSingleton(options);
builder.Services.AddSingleton<RawSseBroadcaster>();
builder.Services.AddSingleton<EventPublisher>();
builder.Services.AddHostedService(services => services.GetRequiredService<EventPublisher>());
if (options.ParentProcessId is { } parent)
{
    builder.Services.AddHostedService(services => new ParentWatch(parent, services.GetRequiredService<IHostApplicationLifetime>()));
}

builder.Services.AddSignalR();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, BaselineJsonContext.Default));

var app = builder.Build();
app.UseWebSockets();

var raw = app.Services.GetRequiredService<RawSseBroadcaster>();
var publisher = app.Services.GetRequiredService<EventPublisher>();
app.MapGet("/raw/sse", raw.HandleAsync);
app.MapHub<BroadcastHub>("/hub");
app.MapParseOnly();
app.MapGet("/stats", (HttpRequest request) =>
    Results.Json(ServerStats.Capture(raw, publisher, collect: request.Query["gc"] == "1"), BaselineJsonContext.Default.ServerStats));

await app.RunAsync();
return 0;
