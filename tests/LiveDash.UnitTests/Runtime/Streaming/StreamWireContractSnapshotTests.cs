using System.Runtime.CompilerServices;
using LiveDash.Runtime.Streaming;
using LiveDash.Runtime.Streaming.Rendezvous;
using Xunit;

namespace LiveDash.UnitTests.Runtime.Streaming;

/// <summary>
/// Pins what stream subscribers and rendezvous grains say to each other across nodes (the rendezvous
/// grain's interface and the types it carries) against <c>stream-wire-contract.txt</c>: nodes of
/// different builds in one cluster must agree on it.
/// </summary>
public sealed class StreamWireContractSnapshotTests
{
    [Fact]
    public void RendezvousGrainContract_MatchesCheckedInSnapshot()
        => ContractSnapshot.AssertMatches(
            Path.Combine(SourceDirectory(), "stream-wire-contract.txt"),
            [typeof(IStreamRendezvousGrain), typeof(StreamCatchUp), typeof(StreamReplayItem), typeof(StreamSequenceToken), typeof(StreamResetReason)],
            "stream wire contract");

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
