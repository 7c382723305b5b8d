namespace LiveDash.Gateway.Diagnostics;

/// <summary>
/// How the gateway names itself (configuration section <c>LiveDash:Gateway</c>): in the <c>gateway</c> tag of
/// its self-metrics and in its logs. Validated at start by <see cref="GatewayIdentityOptionsValidator"/>.
/// </summary>
public sealed class GatewayIdentityOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "LiveDash:Gateway";

    /// <summary>
    /// The gateway's name: 1–128 characters of <c>[A-Za-z0-9._-]</c>. Default (unset or empty):
    /// <c>&lt;machine&gt;-&lt;HTTP port&gt;</c>, or <c>&lt;machine&gt;-&lt;process id&gt;</c> when no HTTP
    /// binding has a port; stable across restarts on the same port, so a restarted gateway continues its series.
    /// </summary>
    public string? Name { get; set; }
}
