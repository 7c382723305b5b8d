namespace LiveDash.Runtime.Invocation;

/// <summary>
/// Adapts result-less grain methods to the one shape the runtime awaits, <see cref="ValueTask{NoResult}"/>.
/// Synchronously completed tasks pass through without allocating.
/// </summary>
internal static class ReturnAdapters
{
    public static ValueTask<NoResult> FromTask(Task task)
        => task.IsCompletedSuccessfully ? default : AwaitTask(task);

    public static ValueTask<NoResult> FromValueTask(ValueTask task)
        => task.IsCompletedSuccessfully ? default : AwaitValueTask(task);

    private static async ValueTask<NoResult> AwaitTask(Task task)
    {
        await task;
        return default;
    }

    private static async ValueTask<NoResult> AwaitValueTask(ValueTask task)
    {
        await task;
        return default;
    }
}
