namespace LiveDash.LoadGen.Resume;

/// <summary>Receives the events <see cref="SseEventParser"/> completes, in stream order.</summary>
internal interface ISseEventHandler
{
    /// <param name="kind">From the event's <c>event:</c> line.</param>
    /// <param name="seq">The data's top-level <c>"seq"</c>; -1 when it has none.</param>
    /// <param name="unrecovered">The data says <c>"recovered":false</c> (a snapshot that replaces missed updates).</param>
    void OnEvent(SseEventKind kind, long seq, bool unrecovered);
}
