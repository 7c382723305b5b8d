namespace LiveDash.Runtime.Membership;

/// <summary>One silo's vote that another silo is dead, recorded on the suspect's row.</summary>
/// <param name="Voter">The silo that missed its probes of the suspect.</param>
/// <param name="Time">When the vote was cast; votes older than the expiry do not count.</param>
public sealed record SuspectVote(SiloAddress Voter, DateTimeOffset Time);
