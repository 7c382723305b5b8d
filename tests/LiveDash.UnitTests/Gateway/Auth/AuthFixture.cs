using System.Net;
using LiveDash.Gateway.Auth;
using LiveDash.TestingHost;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LiveDash.UnitTests.Gateway.Auth;

/// <summary>
/// The auth services of one gateway, built from in-memory configuration (which a test can change and reload)
/// on a manual clock.
/// </summary>
internal sealed class AuthFixture
{
    public const string IngestKey = "ingest-key-0123456789abcdef";
    public const string ViewKey = "view-key-0123456789abcdef";
    public const string BothKey = "both-key-0123456789abcdef";

    public AuthFixture(
        string ingestKeys = IngestKey + "," + BothKey,
        string viewKeys = ViewKey + "," + BothKey,
        bool loopbackOnly = true,
        ManualTimeProvider? time = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        Time = time ?? new ManualTimeProvider();
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["LiveDash:Auth:IngestKeys"] = ingestKeys,
            ["LiveDash:Auth:ViewKeys"] = viewKeys,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        Configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        Options = new AuthOptions();
        AuthServices.BindAuthOptions(Options, Configuration);
        var validation = new AuthOptionsValidator().Validate(null, Options);
        if (validation.Failed)
        {
            throw new InvalidOperationException(validation.FailureMessage);
        }

        Bind = new BindState([new ConfiguredBind(loopbackOnly ? "http://127.0.0.1:5080" : "http://0.0.0.0:5080", "urls")]);
        Keys = new KeyRingProvider(Options, Configuration, Bind, NullLogger<KeyRingProvider>.Instance);
        Tickets = new TicketService(Keys, Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<TicketService>.Instance);
        Authorizer = new RequestAuthorizer(Keys, Tickets);
        Lifetime = new GrantLifetime(Keys, Time);
    }

    public ManualTimeProvider Time { get; }

    public IConfigurationRoot Configuration { get; }

    public AuthOptions Options { get; }

    public BindState Bind { get; }

    public KeyRingProvider Keys { get; }

    public TicketService Tickets { get; }

    public RequestAuthorizer Authorizer { get; }

    public GrantLifetime Lifetime { get; }

    /// <summary>Changes settings and reloads the configuration, as an edited appsettings.json would.</summary>
    public void Reconfigure(params (string Key, string? Value)[] settings)
    {
        foreach (var (key, value) in settings)
        {
            Configuration[key] = value;
        }

        Configuration.Reload();
    }

    /// <summary>The key with this text as the ring holds it.</summary>
    public ApiKey Key(string key) => Keys.Current.Match(key) ?? throw new InvalidOperationException("The key is not configured.");

    /// <summary>Issues a ticket for a configured key, as <c>POST /api/v1/tickets</c> would.</summary>
    public string TicketFor(string key)
    {
        var apiKey = Key(key);
        return Tickets.Issue(apiKey, apiKey.Scopes).Ticket;
    }

    /// <summary>A request from 10.1.2.3 to the gateway on 127.0.0.1:5080.</summary>
    public static DefaultHttpContext Request(string? authorization = null, string? ticket = null, string host = "127.0.0.1:5080", IPAddress? localAddress = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString(host);
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
        context.Connection.LocalIpAddress = localAddress ?? IPAddress.Loopback;
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        if (ticket is not null)
        {
            context.Request.QueryString = QueryString.Create(RequestAuthorizer.TicketParameter, ticket);
        }

        return context;
    }

    public static IOptions<T> Wrap<T>(T value)
        where T : class => Microsoft.Extensions.Options.Options.Create(value);
}
