namespace LiveDash.Runtime.Membership;

/// <summary>An entry as read from the table, with the row version a conditional update must name.</summary>
/// <param name="Entry">The silo's entry.</param>
/// <param name="Etag">The row's version; it changes on every update of the row (not on IAmAlive).</param>
public sealed record MembershipRow(MembershipEntry Entry, long Etag);
