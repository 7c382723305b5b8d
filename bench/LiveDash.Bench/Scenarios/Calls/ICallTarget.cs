namespace LiveDash.Bench.Scenarios.Calls;

/// <summary>A running callee of the <c>calls</c> scenario; disposing it stops it.</summary>
internal interface ICallTarget : IAsyncDisposable
{
    /// <summary>Sends <paramref name="argument"/> to the callee and completes with <c>argument + 1</c>. Safe for concurrent callers.</summary>
    ValueTask<int> CallAsync(int argument);
}
