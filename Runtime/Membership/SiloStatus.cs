namespace LiveDash.Runtime.Membership;

/// <summary>A silo's status in the membership table. Only <see cref="Active"/> silos own grains.</summary>
public enum SiloStatus
{
    /// <summary>Not in the table.</summary>
    None = 0,

    /// <summary>Inserted itself and is starting; owns no grains yet.</summary>
    Joining = 1,

    /// <summary>Serving: owns grains and is probed by its peers.</summary>
    Active = 2,

    /// <summary>Stopping gracefully; owns no grains any more.</summary>
    ShuttingDown = 3,

    /// <summary>Gone for good: it left, or its peers voted it dead. A silo that reads itself Dead stops.</summary>
    Dead = 4,
}
