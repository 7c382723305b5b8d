namespace LiveDash.Gateway.Push;

/// <summary>How a subscription request ended.</summary>
public enum SubscribeStatus
{
    /// <summary>Every topic was subscribed; their first events are queued.</summary>
    Subscribed = 1,

    /// <summary>A topic does not exist (nothing was ever written to it): HTTP 404, WebSocket error <c>unknown_topic</c>.</summary>
    UnknownTopic = 2,

    /// <summary>The connection would hold more than <see cref="PushOptions.MaxTopicsPerConnection"/> topics: HTTP 400.</summary>
    TooManyTopics = 3,

    /// <summary>The cluster could not be reached for a topic: HTTP 503, WebSocket error <c>unavailable</c>.</summary>
    Unavailable = 4,
}
