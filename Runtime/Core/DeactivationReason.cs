namespace LiveDash.Runtime;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReasonCode
{
    /// <summary>The grain asked for it (<see cref="Grain.DeactivateOnIdle"/>).</summary>
    ApplicationRequested,

    /// <summary>No call reached it for longer than the collection age.</summary>
    ActivationIdle,

    /// <summary>The silo is stopping.</summary>
    ShuttingDown,

    /// <summary>A write found its stored state changed by someone else: this activation is stale.</summary>
    InconsistentState,

    /// <summary>The cluster view changed and another silo owns the grain now.</summary>
    OwnershipMoved,

    /// <summary>
    /// The silo crashed (a test kill): the activation is dropped without <see cref="Grain.OnDeactivateAsync"/>,
    /// as a real crash would drop it. Grains never see this code.
    /// </summary>
    SiloCrashed,
}

/// <summary>The reason passed to <see cref="Grain.OnDeactivateAsync"/>.</summary>
/// <param name="Code">The kind of reason.</param>
/// <param name="Description">A sentence for logs.</param>
public readonly record struct DeactivationReason(DeactivationReasonCode Code, string Description);
