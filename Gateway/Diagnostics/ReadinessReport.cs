namespace LiveDash.Gateway.Diagnostics;

/// <summary>
/// The body of a <c>200</c> answer to <c>GET /readyz</c>:
/// <c>{"status":"ready","mode":"cluster-client","detail":"...","activeSilos":3}</c>.
/// </summary>
/// <param name="Status">Always <c>ready</c> (not ready is a 503 problem).</param>
/// <param name="Mode">The runtime: <c>local-silo</c>, <c>cluster-client</c> or <c>custom</c>.</param>
/// <param name="Detail">What makes the gateway ready, in words.</param>
/// <param name="ActiveSilos">Active silos in the gateway's view; left out for a silo running alone.</param>
internal sealed record ReadinessReport(string Status, string Mode, string Detail, int? ActiveSilos);
