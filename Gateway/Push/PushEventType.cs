namespace LiveDash.Gateway.Push;

/// <summary>The kinds of topic event (CONTRACT.md, "Server-Sent Events").</summary>
public enum PushEventType
{
    /// <summary>The topic's full state; replaces whatever the client held.</summary>
    Snapshot = 1,

    /// <summary>A delta after the previous event of the topic; its seq is the previous one + 1.</summary>
    Update = 2,

    /// <summary>The topic's epoch changed (its grain lost unpersisted history); a snapshot follows.</summary>
    Reset = 3,
}
