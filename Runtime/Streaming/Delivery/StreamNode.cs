namespace LiveDash.Runtime.Streaming.Delivery;

/// <summary>
/// This node's name as a stream subscriber, which rendezvous grains hold leases for and send items to:
/// <c>silo/&lt;address&gt;</c> for a silo in a cluster (reached by dialling it), <c>silo/local</c> for a
/// standalone silo, <c>client/&lt;id&gt;</c> for a cluster client (reached on the connection it opened).
/// </summary>
internal sealed class StreamNode
{
    public const string SiloPrefix = "silo/";
    public const string ClientPrefix = "client/";
    public const string StandaloneSilo = "silo/local";

    private readonly Func<string> _id;

    private StreamNode(Func<string> id, string? clientId)
    {
        _id = id;
        ClientId = clientId;
    }

    /// <summary>The node's name; a clustered silo's is known once it listens.</summary>
    public string Id => _id();

    /// <summary>A client's id (what its handshakes carry), null on a silo.</summary>
    public string? ClientId { get; }

    /// <summary>
    /// A silo's node: <c>silo/&lt;address&gt;</c> once <paramref name="address"/> knows it (built once,
    /// since every published item compares with it), <c>silo/local</c> before or without one.
    /// </summary>
    public static StreamNode ForSilo(Func<SiloAddress?> address)
    {
        string? known = null;
        return new StreamNode(
            () =>
            {
                if (known is not null)
                {
                    return known;
                }

                return address() is { } bound ? known = SiloPrefix + bound : StandaloneSilo;
            },
            clientId: null);
    }

    public static StreamNode ForClient()
    {
        var clientId = Guid.NewGuid().ToString("N");
        var id = ClientPrefix + clientId;
        return new StreamNode(() => id, clientId);
    }
}
