namespace LiveDash.LoadGen.Resume;

/// <summary>The gateway's SSE event names (<c>event:</c> line) that the storm client tells apart.</summary>
internal enum SseEventKind
{
    Other,
    Snapshot,
    Update,
    Reset,
    Disconnect,
}
