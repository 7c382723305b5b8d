namespace LiveDash.Gateway.Hosting;

/// <summary>
/// What <see cref="GatewayRuntime"/> registered, for readiness and the startup log. Absent when a host
/// (a test) registered a silo or client itself; readiness then relies on the runtime's own services only.
/// </summary>
/// <param name="Mode">The runtime's kind.</param>
internal sealed record GatewayRuntimeInfo(GatewayRuntimeMode Mode)
{
    /// <summary>The mode as <c>/readyz</c> and the startup log name it: <c>local-silo</c> or <c>cluster-client</c>.</summary>
    public string Name => Mode switch
    {
        GatewayRuntimeMode.LocalSilo => "local-silo",
        GatewayRuntimeMode.ClusterClient => "cluster-client",
        _ => Mode.ToString(),
    };
}
