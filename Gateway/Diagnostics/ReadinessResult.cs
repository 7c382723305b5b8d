namespace LiveDash.Gateway.Diagnostics;

/// <summary>What <see cref="GatewayReadiness.Check"/> found.</summary>
/// <param name="IsReady">Whether the gateway can serve requests that reach grains.</param>
/// <param name="Mode">The runtime: <c>local-silo</c>, <c>cluster-client</c>, or <c>custom</c> when the host registered it.</param>
/// <param name="Detail">What is ready, or what is missing, for people reading the probe.</param>
/// <param name="ActiveSilos">Active silos in the gateway's view of the cluster; null for a silo running alone.</param>
internal sealed record ReadinessResult(bool IsReady, string Mode, string Detail, int? ActiveSilos);
