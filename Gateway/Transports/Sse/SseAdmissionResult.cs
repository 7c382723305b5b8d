using Microsoft.AspNetCore.Http;

namespace LiveDash.Gateway.Transports.Sse;

/// <summary>The outcome of <see cref="SseAdmission.AdmitAsync"/>: a session to stream to, or the problem to answer with.</summary>
/// <param name="Session">The admitted stream; the caller disposes it. Null when refused.</param>
/// <param name="Problem">The problem+json answer when refused, written before any SSE byte.</param>
internal readonly record struct SseAdmissionResult(SseSession? Session, IResult? Problem);
