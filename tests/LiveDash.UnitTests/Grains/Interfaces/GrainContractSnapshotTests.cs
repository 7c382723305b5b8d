using System.Reflection;
using System.Runtime.CompilerServices;
using LiveDash.Grains;
using Xunit;

namespace LiveDash.UnitTests.Grains.Interfaces;

/// <summary>
/// Pins the public grain contract (interfaces, DTOs, enums) against <c>grain-contract.txt</c>
/// (see <see cref="ContractSnapshot"/>).
/// </summary>
public sealed class GrainContractSnapshotTests
{
    [Fact]
    public void PublicGrainContract_MatchesCheckedInSnapshot()
        => ContractSnapshot.AssertMatches(
            Path.Combine(SourceDirectory(), "grain-contract.txt"),
            typeof(IMetricGrain).Assembly.GetExportedTypes().Where(IsContract),
            "grain contract");

    /// <summary>Grain interfaces, and the records (class or struct) and enums they carry; not options, errors or helpers.</summary>
    private static bool IsContract(Type type)
        => (type.IsInterface && type.Name.EndsWith("Grain", StringComparison.Ordinal))
            || type.IsEnum
            || type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null;

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
