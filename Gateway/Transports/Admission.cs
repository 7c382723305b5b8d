using System.Diagnostics.CodeAnalysis;
using LiveDash.Gateway.Auth;
using Microsoft.AspNetCore.Http;

namespace LiveDash.Gateway.Transports;

/// <summary>
/// The outcome of admitting a push request (a WebSocket upgrade, a long poll): the grant, or the problem
/// to answer with before anything else happens. Holds what the connection keeps for its life (a
/// connection-cap lease, a watch over the credentials) and releases it when disposed.
/// </summary>
internal sealed class Admission : IDisposable
{
    private List<IDisposable>? _held;

    private Admission(AccessGrant? grant, IResult? problem, CancellationToken credentialsExpired)
    {
        Grant = grant;
        Problem = problem;
        CredentialsExpired = credentialsExpired;
    }

    /// <summary>The access granted, or null when refused.</summary>
    public AccessGrant? Grant { get; }

    /// <summary>The problem+json answer when refused (400, 401, 403, 429).</summary>
    public IResult? Problem { get; }

    /// <summary>Whether the request may go on.</summary>
    [MemberNotNullWhen(true, nameof(Grant))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Grant is not null;

    /// <summary>
    /// Fires when the credentials end while the connection is open: the transport closes it with
    /// <c>4001 reauthenticate</c>. Never fires when nothing watches the grant.
    /// </summary>
    public CancellationToken CredentialsExpired { get; }

    /// <summary>Refuses the request.</summary>
    /// <param name="problem">The answer.</param>
    /// <returns>The refusal.</returns>
    public static Admission Refused(IResult problem) => new(null, problem, CancellationToken.None);

    /// <summary>Admits the request.</summary>
    /// <param name="grant">What it may do.</param>
    /// <param name="credentialsExpired">Fires when the grant's credentials end (<see cref="CredentialsExpired"/>).</param>
    /// <returns>The admission.</returns>
    public static Admission Admitted(AccessGrant grant, CancellationToken credentialsExpired = default) => new(grant, null, credentialsExpired);

    /// <summary>Keeps <paramref name="resource"/> until the connection ends (this admission is disposed).</summary>
    /// <param name="resource">A lease, a watch.</param>
    public void Hold(IDisposable resource) => (_held ??= []).Add(resource);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_held is null)
        {
            return;
        }

        for (var i = _held.Count - 1; i >= 0; i--)
        {
            _held[i].Dispose();
        }

        _held = null;
    }
}
