using LiveDash.Runtime;

namespace LiveDash.Grains;

/// <summary>The write discipline of the LiveDash grains: a change counts only once it is stored.</summary>
internal static class PersistentStateWrites
{
    /// <summary>
    /// Stores <paramref name="next"/> (the state after an in-memory change). If the write fails the
    /// stored state is put back and <paramref name="rollBack"/> rebuilds the in-memory model from
    /// it, so memory never runs ahead of storage and an unacknowledged change is never visible.
    /// </summary>
    public static async Task StoreOrRollBackAsync<TState>(
        this IPersistentState<TState> state,
        TState next,
        Action rollBack,
        CancellationToken cancellationToken)
        where TState : new()
    {
        var stored = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            // (A stale etag also deactivates the activation; the next one reads the newer state.)
            state.State = stored;
            rollBack();
            throw;
        }
    }
}
