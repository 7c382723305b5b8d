using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using LiveDash.Grains;
using Xunit;

namespace LiveDash.UnitTests.Grains.Interfaces;

/// <summary>
/// Pins the public grain contract (interfaces, DTOs, enums) against a checked-in text snapshot, so
/// any change to what crosses the wire shows up in review as a diff of <c>grain-contract.txt</c>.
/// After an intended change, run the tests with <c>LIVEDASH_UPDATE_SNAPSHOTS=1</c> and commit the file.
/// </summary>
public sealed class GrainContractSnapshotTests
{
    [Fact]
    public void PublicGrainContract_MatchesCheckedInSnapshot()
    {
        var path = Path.Combine(SourceDirectory(), "grain-contract.txt");
        var actual = Render(typeof(IMetricGrain).Assembly);

        if (Environment.GetEnvironmentVariable("LIVEDASH_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
        }

        var expected = File.Exists(path) ? File.ReadAllText(path) : "(missing)";
        Assert.True(
            expected == actual,
            $"The grain contract changed. If intended, run the tests with LIVEDASH_UPDATE_SNAPSHOTS=1 and commit {path}.\nNow:\n{actual}");
    }

    private static string Render(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().Where(IsContract).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(type.IsInterface ? "interface " : type.IsEnum ? "enum " : "type ").Append(type.FullName).Append('\n');
            if (type.IsEnum)
            {
                foreach (var name in Enum.GetNames(type))
                {
                    text.Append("  ").Append(name).Append(" = ").Append(Convert.ToInt64(Enum.Parse(type, name), System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
                }

                continue;
            }

            var nullability = new NullabilityInfoContext();
            var members = type.IsInterface
                ? type.GetMethods().Select(m => $"{Name(m.ReturnType)} {m.Name}({string.Join(", ", m.GetParameters().Select(p => Name(p.ParameterType, nullability.Create(p)) + " " + p.Name))})")
                : type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != "EqualityContract").Select(p => $"{Name(p.PropertyType, nullability.Create(p))} {p.Name}");
            foreach (var member in members.Order(StringComparer.Ordinal))
            {
                text.Append("  ").Append(member).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Grain interfaces, and the records (class or struct) and enums they carry; not options, errors or helpers.</summary>
    private static bool IsContract(Type type)
        => (type.IsInterface && type.Name.EndsWith("Grain", StringComparison.Ordinal))
            || type.IsEnum
            || type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null;

    private static string Name(Type type, NullabilityInfo? nullability = null)
    {
        if (Nullable.GetUnderlyingType(type) is { } inner)
        {
            return Name(inner) + "?";
        }

        var name = type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(t => Name(t)))}>"
            : type.Name;
        return !type.IsValueType && nullability?.ReadState == NullabilityState.Nullable ? name + "?" : name;
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
