namespace LiveDash.Gateway.Auth;

/// <summary>One HTTP bind the configuration asks for.</summary>
/// <param name="Url">The bind, e.g. <c>http://0.0.0.0:5080</c>.</param>
/// <param name="Setting">The configuration key it came from (<c>urls</c>, <c>Kestrel:Endpoints:Http:Url</c>).</param>
internal sealed record ConfiguredBind(string Url, string Setting);
