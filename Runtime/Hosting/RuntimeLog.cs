using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime;

/// <summary>The runtime's log messages, with stable event ids (1000–1999).</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Activation of {GrainId} failed; the calls waiting for it fail with the same exception.")]
    public static partial void ActivationFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "OnDeactivateAsync of {GrainId} threw during deactivation ({Reason}); the activation is removed anyway.")]
    public static partial void DeactivationFailed(ILogger logger, Exception exception, GrainId grainId, DeactivationReasonCode reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Deactivated {GrainId} ({Reason}).")]
    public static partial void Deactivated(ILogger logger, GrainId grainId, DeactivationReasonCode reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "{Count} activations had not deactivated after {Timeout}; the silo stops without them.")]
    public static partial void DeactivationTimedOut(ILogger logger, int count, TimeSpan timeout);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "A timer tick of {GrainId} threw; the timer keeps its schedule.")]
    public static partial void TimerTickFailed(ILogger logger, Exception exception, GrainId grainId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Idle collection asked {Count} activations to deactivate.")]
    public static partial void IdleCollectionRequested(ILogger logger, int count);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "A callback on the silo's stopping token threw; the silo goes on stopping.")]
    public static partial void StoppingCallbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Silo started with {GrainClassCount} grain classes ({GrainTypes}). Options: {Options}")]
    public static partial void SiloStarted(ILogger logger, int grainClassCount, string grainTypes, string options);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Silo stopping: deactivating {Count} activations.")]
    public static partial void SiloStopping(ILogger logger, int count);
}
