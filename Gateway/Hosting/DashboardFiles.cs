using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace LiveDash.Gateway.Hosting;

/// <summary>
/// What <c>GET /</c> serves: the built dashboard UI when <c>&lt;web root&gt;/index.html</c> exists (the web root
/// is <c>&lt;app base dir&gt;/wwwroot</c> unless <c>--webroot</c> says otherwise), else a small placeholder
/// page saying what this process is and linking the API. The one place that serves UI files.
/// </summary>
internal static class DashboardFiles
{
    /// <summary>The web root's name under the app base directory, where a built UI is copied.</summary>
    public const string DirectoryName = "wwwroot";

    /// <summary>The placeholder page, served while the gateway ships without a built UI.</summary>
    public const string PlaceholderHtml = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>LiveDash gateway</title>
          <style>
            body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 3rem auto; padding: 0 1rem; color: #1f2328; }
            code { background: #f3f4f6; padding: 0 .25rem; border-radius: 3px; }
          </style>
        </head>
        <body>
          <h1>LiveDash gateway</h1>
          <p>
            This process is a LiveDash gateway: it takes metric points and board updates
            (<code>POST /api/v1/metrics</code>, <code>POST /api/v1/boards/{id}</code>) and pushes every change of a
            topic to its subscribers over Server-Sent Events, WebSocket and long polling.
          </p>
          <p>The dashboard UI is not part of this build yet. Meanwhile:</p>
          <ul>
            <li><a href="api/v1/topics">api/v1/topics</a> lists the topics (a view key is needed unless the gateway runs in open mode on loopback);</li>
            <li><a href="openapi/v1.json">openapi/v1.json</a> describes the HTTP API;</li>
            <li><a href="readyz">readyz</a> says whether this gateway can serve, <a href="healthz">healthz</a> whether it is up.</li>
          </ul>
        </body>
        </html>
        """;

    /// <summary>Serves the built UI from the web root when it has an <c>index.html</c>, else maps the placeholder at <c>GET /</c>.</summary>
    /// <param name="app">The gateway.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        var root = app.Environment.WebRootPath is { Length: > 0 } webRoot
            ? webRoot
            : Path.Combine(app.Environment.ContentRootPath, DirectoryName);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardFiles).FullName!);
        if (File.Exists(Path.Combine(root, "index.html")))
        {
            var files = new PhysicalFileProvider(root);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
            HostingLog.ServingDashboard(logger, root);
            return app;
        }

        HostingLog.ServingPlaceholder(logger, root);
        app.MapGet("/", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-cache";
            return TypedResults.Content(PlaceholderHtml, "text/html; charset=utf-8");
        });
        return app;
    }
}
