using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Auth;

/// <summary>Auth services and the start-time checks.</summary>
public static class AuthServices
{
    /// <summary>Registers key and ticket checks, the open-mode bind check, the origin policy and the connection limits.</summary>
    public static IServiceCollection AddGatewayAuth(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AuthOptions>()
            .Configure<IConfiguration>(BindAuthOptions)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddOptions<ConnectionLimitOptions>().BindConfiguration(ConnectionLimitOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConnectionLimitOptions>, ConnectionLimitOptionsValidator>();

        services.AddSingleton(sp => new BindState(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => new KeyRingProvider(
            sp.GetRequiredService<IOptions<AuthOptions>>().Value,
            sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<BindState>(),
            sp.GetRequiredService<ILogger<KeyRingProvider>>()));
        services.AddSingleton<TicketService>();
        services.AddSingleton(sp => new RequestAuthorizer(sp.GetRequiredService<KeyRingProvider>(), sp.GetRequiredService<TicketService>()));
        services.AddSingleton(sp => new GrantLifetime(sp.GetRequiredService<KeyRingProvider>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<OriginPolicy>();
        services.AddSingleton<ConnectionLimiter>();
        services.AddHostedService<AuthStartup>();
        return services;
    }

    /// <summary>
    /// Checks the auth configuration before the gateway starts: the options are valid, and no scope is open while
    /// a configured bind (<c>urls</c>, <c>Kestrel:Endpoints:*:Url</c>) is not loopback (CONTRACT.md, "Auth rule").
    /// </summary>
    /// <exception cref="InvalidOperationException">The configuration is invalid; the message names the setting and the address.</exception>
    public static WebApplication UseGatewayAuth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            _ = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
            _ = app.Services.GetRequiredService<IOptions<ConnectionLimitOptions>>().Value;
        }
        catch (OptionsValidationException exception)
        {
            throw new InvalidOperationException(exception.Message, exception);
        }

        var bind = app.Services.GetRequiredService<BindState>();
        var keys = app.Services.GetRequiredService<KeyRingProvider>();
        var unkeyed = keys.Current.UnkeyedScopes;
        if (!bind.LoopbackOnly && unkeyed != AccessScope.None)
        {
            throw new InvalidOperationException(OpenOnNonLoopbackMessage(unkeyed, bind.NonLoopback!));
        }

        return app;
    }

    /// <summary>Binds <see cref="AuthOptions"/> from <paramref name="configuration"/>, reading the key lists as strings or arrays.</summary>
    internal static void BindAuthOptions(AuthOptions options, IConfiguration configuration)
    {
        var section = configuration.GetSection(AuthOptions.SectionName);
        section.Bind(options);
        options.IngestKeys = CommaList.Read(section.GetSection(nameof(AuthOptions.IngestKeys)));
        options.ViewKeys = CommaList.Read(section.GetSection(nameof(AuthOptions.ViewKeys)));
        options.AllowedOrigins = CommaList.Read(section.GetSection(nameof(AuthOptions.AllowedOrigins)));
    }

    /// <summary>The setting and the access that each scope of <paramref name="scopes"/> stands for, for messages.</summary>
    internal static IEnumerable<(string Setting, string Access)> Describe(AccessScope scopes)
    {
        if ((scopes & AccessScope.Ingest) != 0)
        {
            yield return (AuthOptions.SectionName + ":" + nameof(AuthOptions.IngestKeys), "writing (ingest)");
        }

        if ((scopes & AccessScope.View) != 0)
        {
            yield return (AuthOptions.SectionName + ":" + nameof(AuthOptions.ViewKeys), "reading (view)");
        }
    }

    /// <summary>The refusal to start open on a non-loopback bind: names the empty settings, the address and the way out.</summary>
    internal static string OpenOnNonLoopbackMessage(AccessScope unkeyed, ConfiguredBind bind)
    {
        var described = Describe(unkeyed).ToList();
        var settings = string.Join(" and ", described.Select(d => d.Setting));
        var access = string.Join(" and ", described.Select(d => d.Access));
        return $"{settings} {(described.Count > 1 ? "are" : "is")} empty, so {access} would be open to anyone, but the gateway binds "
            + $"{bind.Url} ({bind.Setting}), which is not a loopback address. Set {settings} (comma-separated keys), "
            + "or bind loopback only (e.g. --urls=http://127.0.0.1:5080).";
    }
}
