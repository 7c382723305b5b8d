using LiveDash.Grains;

namespace LiveDash.Gateway.Push;

/// <summary>The outcome of <see cref="PushConnection.SubscribeAsync"/>: all topics subscribed, or why not (none were).</summary>
/// <param name="Status">What happened.</param>
/// <param name="Topic">The topic that failed, when one did.</param>
/// <param name="Detail">Words for the client when it failed.</param>
public sealed record SubscribeResult(SubscribeStatus Status, Topic? Topic = null, string? Detail = null)
{
    /// <summary>Every topic was subscribed.</summary>
    public static SubscribeResult Subscribed { get; } = new(SubscribeStatus.Subscribed);

    /// <summary>Whether every topic was subscribed.</summary>
    public bool Succeeded => Status == SubscribeStatus.Subscribed;
}
