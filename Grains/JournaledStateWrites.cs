using LiveDash.Runtime;
using Microsoft.Extensions.Logging;

namespace LiveDash.Grains;

/// <summary>
/// The write discipline of the journaled LiveDash grains: a change counts only once its entry is
/// appended, and memory never runs ahead of storage.
/// </summary>
/// <remarks>
/// A grain applies a change in memory, then appends its entry. When that (or anything before it)
/// fails, memory holds a change storage may not, and no copy of the stored state is kept to go back
/// to, so the grain drops its in-memory model, re-reads the journal with
/// <see cref="TryReReadAfterFailedWriteAsync"/> and rebuilds from it (snapshot, then tail). If the
/// append did commit after all, the rebuilt model holds the change and the caller's retry is a
/// duplicate by batch id. If the read fails too, the activation keeps no model and deactivates, so
/// the next one loads what storage holds.
/// </remarks>
internal static partial class JournaledStateWrites
{
    /// <summary>Re-reads <paramref name="journal"/> after a failed write.</summary>
    /// <param name="journal">The grain's journal.</param>
    /// <param name="topic">The grain's topic, for the log.</param>
    /// <param name="writeError">What failed.</param>
    /// <param name="logger">The grain's logger.</param>
    /// <returns>True when the grain can rebuild from <see cref="IJournaledState{TSnapshot, TEntry}.Snapshot"/> and <see cref="IJournaledState{TSnapshot, TEntry}.Tail"/>; false (logged) when it must deactivate.</returns>
    public static async Task<bool> TryReReadAfterFailedWriteAsync<TSnapshot, TEntry>(
        this IJournaledState<TSnapshot, TEntry> journal,
        Topic topic,
        Exception writeError,
        ILogger logger)
        where TSnapshot : class
    {
        try
        {
            // Not the call's token: the rebuild must finish even when the caller gave up.
            await journal.ReadAsync(CancellationToken.None);
            return true;
        }
        catch (Exception readError)
        {
            RereadFailed(logger, readError, topic.ToString(), writeError.GetType().Name);
            return false;
        }
    }

    [LoggerMessage(EventId = 3300, Level = LogLevel.Error, Message = "{Topic} could not re-read its journal after a failed write ({WriteError}); the activation drops its state and deactivates, and the next call reloads it.")]
    private static partial void RereadFailed(ILogger logger, Exception exception, string topic, string writeError);
}
