using LiveDash.Runtime.Messaging.Remote;
using LiveDash.Runtime.Messaging.Transport;

namespace LiveDash.Runtime.Membership;

/// <summary>Probes a silo with a Probe message over its connection and waits for the ProbeReply.</summary>
internal sealed class TransportSiloProber : ISiloProber
{
    private readonly ConnectionManager _connections;
    private readonly OutboundCallTable _outbound;
    private readonly TimeProvider _time;

    public TransportSiloProber(ConnectionManager connections, OutboundCallTable outbound, TimeProvider time)
    {
        _connections = connections;
        _outbound = outbound;
        _time = time;
    }

    public async Task<bool> ProbeAsync(SiloAddress silo, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = _outbound.RegisterProbe(silo, out var probe);
        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(timeout);
            await _connections.SendAsync(silo, new Message { Kind = MessageKind.Probe, Id = id }, bounded.Token);
            return await probe.Answered.WaitAsync(timeout, _time, cancellationToken);
        }
        catch (Exception exception) when (exception is SiloUnavailableException or TimeoutException or OperationCanceledException or IOException)
        {
            return false;
        }
        finally
        {
            _outbound.Forget(id);
        }
    }
}
