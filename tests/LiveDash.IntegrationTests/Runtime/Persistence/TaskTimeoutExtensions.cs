namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>Awaits with a bound, so a hung provider fails the test with what was expected instead of hanging it.</summary>
internal static class TaskTimeoutExtensions
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task WithTimeout(this Task task, string expected)
    {
        try
        {
            await task.WaitAsync(Timeout);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Timed out after {Timeout.TotalSeconds:0} s waiting for {expected}.");
        }
    }

    public static async Task<T> WithTimeout<T>(this Task<T> task, string expected)
    {
        try
        {
            return await task.WaitAsync(Timeout);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Timed out after {Timeout.TotalSeconds:0} s waiting for {expected}.");
        }
    }
}
