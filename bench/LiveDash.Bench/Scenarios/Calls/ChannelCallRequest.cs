namespace LiveDash.Bench.Scenarios.Calls;

/// <summary>
/// One call of the channel baseline: the argument and the caller's completion, allocated per call
/// as a grain call allocates its request and task.
/// </summary>
internal sealed class ChannelCallRequest
{
    public ChannelCallRequest(int argument)
    {
        Argument = argument;
    }

    public int Argument { get; }

    // Continuations run asynchronously, as a grain call's do: the caller's next call must not run
    // inline on the consumer, which would turn the round trip into a plain method call.
    public TaskCompletionSource<int> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
