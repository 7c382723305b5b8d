namespace LiveDash.Bench.Scenarios.Calls;

/// <summary>
/// The baseline of <c>calls</c>: the same round trip posted through a plain <c>Channel&lt;T&gt;</c> to
/// one consumer — what a grain call costs at least, without identity, activation or scheduling.
/// </summary>
internal sealed class ChannelCallVariant : ICallVariant
{
    public string Name => "channel";

    public bool IsBaseline => true;

    public Task<ICallTarget> StartAsync(CancellationToken cancellationToken) =>
        Task.FromResult<ICallTarget>(new ChannelCallTarget());
}
