using LiveDash.Grains;
using LiveDash.Runtime;

namespace LiveDash.Gateway.Ingest;

/// <summary>
/// Sorts exceptions from grain calls into the client's mistakes (422: the grain refused the input and
/// applied nothing) and everything else (503: the runtime could not complete the call; a retry with the
/// same batch id is safe). A client's mistake is never a 5xx.
/// </summary>
internal static class GrainFailures
{
    // A cluster client sees a grain's exception as RemoteGrainException when it cannot rebuild the type
    // (these have no message-only constructor), so the type name is matched as well.
    private static readonly string[] s_inputErrorTypes =
    [
        typeof(InvalidGrainInputException).FullName!,
        typeof(SeriesLimitExceededException).FullName!,
        typeof(BoardEntryLimitExceededException).FullName!,
    ];

    /// <summary>Whether <paramref name="exception"/> is the grain refusing the client's input.</summary>
    /// <param name="exception">What the grain call threw.</param>
    /// <param name="reason">What is wrong, in the grain's words.</param>
    /// <param name="itemIndex">The refused item's index in the grain's batch, when known.</param>
    /// <returns>True for a client error.</returns>
    public static bool IsInputError(Exception exception, out string reason, out int? itemIndex)
    {
        switch (exception)
        {
            case InvalidGrainInputException input:
                (reason, itemIndex) = (input.Reason, input.ItemIndex);
                return true;
            case SeriesLimitExceededException series:
                (reason, itemIndex) = (series.Message, series.ItemIndex);
                return true;
            case BoardEntryLimitExceededException entries:
                (reason, itemIndex) = (entries.Message, null);
                return true;
            case RemoteGrainException remote when s_inputErrorTypes.Contains(remote.RemoteType, StringComparer.Ordinal):
                var prefix = remote.RemoteType + ": ";
                reason = remote.Message.StartsWith(prefix, StringComparison.Ordinal) ? remote.Message[prefix.Length..] : remote.Message;
                itemIndex = null;
                return true;
            default:
                (reason, itemIndex) = (string.Empty, null);
                return false;
        }
    }
}
