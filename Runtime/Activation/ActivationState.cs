namespace LiveDash.Runtime.Activation;

/// <summary>The life of one activation: Creating → Valid → Deactivating → Invalid (or Creating → Invalid on failure).</summary>
internal enum ActivationState
{
    /// <summary>Created by the catalog; the grain object does not exist yet.</summary>
    Creating,

    /// <summary>Activated: calls run.</summary>
    Valid,

    /// <summary>Running <see cref="Grain.OnDeactivateAsync"/>; calls wait behind it.</summary>
    Deactivating,

    /// <summary>Gone from the catalog; calls still in its mailbox are re-routed to a new activation.</summary>
    Invalid,
}
