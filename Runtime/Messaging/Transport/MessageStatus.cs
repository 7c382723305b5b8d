namespace LiveDash.Runtime.Messaging.Transport;

/// <summary>The outcome a response carries; one byte on the wire, so values never change meaning.</summary>
internal enum MessageStatus : byte
{
    /// <summary>Success; requests carry it too.</summary>
    Ok = 0,

    /// <summary>The call threw; the body describes the exception.</summary>
    Error = 1,

    /// <summary>The receiving silo does not own the target grain; <see cref="Message.ViewVersion"/> says which view it judged by.</summary>
    NotOwner = 2,

    /// <summary>The receiving silo is stopping and did not run the call.</summary>
    Unavailable = 3,

    /// <summary>The call's deadline passed before it could run.</summary>
    Expired = 4,
}
