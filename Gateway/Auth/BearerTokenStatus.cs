namespace LiveDash.Gateway.Auth;

/// <summary>What <see cref="BearerToken.TryRead"/> found in the <c>Authorization</c> header.</summary>
internal enum BearerTokenStatus
{
    /// <summary>No <c>Authorization</c> header (or an empty one).</summary>
    Absent,

    /// <summary>A bearer token.</summary>
    Present,

    /// <summary>Another scheme (<c>Basic</c>, ...).</summary>
    OtherScheme,

    /// <summary>A bearer header without a usable token, or several <c>Authorization</c> headers.</summary>
    Malformed,
}
