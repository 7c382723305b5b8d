using LiveDash.Runtime.Messaging;

namespace LiveDash.Runtime.Messaging.Remote;

/// <summary>Receives the outcome of a call that arrived from another node, to send it back.</summary>
internal interface IGrainResponseSink
{
    /// <summary>The grain returned <paramref name="result"/>.</summary>
    void OnResult<TResult>(GrainRequest request, TResult result);

    /// <summary>The call failed: the grain threw, the deadline passed or the silo could not run it.</summary>
    void OnException(GrainRequest request, Exception exception);
}
