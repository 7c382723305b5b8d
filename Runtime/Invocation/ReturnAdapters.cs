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
    {
        if (task.IsCompletedSuccessfully)
        {
            // A ValueTask must be consumed exactly once even when complete: an IValueTaskSource
            // behind it (pooled builders, sockets, channels) is recycled in GetResult.
            task.GetAwaiter().GetResult();
            return default;
        }

        return AwaitValueTask(task);
    }

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
