using System.Threading.Channels;

namespace LiveDash.Bench.Scenarios.Calls;

/// <summary>The baseline callee: an unbounded channel drained by one consumer task that answers <c>argument + 1</c>.</summary>
internal sealed class ChannelCallTarget : ICallTarget
{
    private readonly Channel<ChannelCallRequest> _requests =
        Channel.CreateUnbounded<ChannelCallRequest>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Task _consumer;

    public ChannelCallTarget()
    {
        _consumer = Task.Run(ConsumeAsync);
    }

    public ValueTask<int> CallAsync(int argument)
    {
        var request = new ChannelCallRequest(argument);
        if (!_requests.Writer.TryWrite(request))
        {
            throw new InvalidOperationException("The channel call target has been disposed.");
        }

        return new ValueTask<int>(request.Completion.Task);
    }

    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _consumer;
    }

    private async Task ConsumeAsync()
    {
        var reader = _requests.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var request))
            {
                request.Completion.SetResult(request.Argument + 1);
            }
        }
    }
}
