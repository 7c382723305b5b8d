using System.Reflection;
using System.Text;
using Xunit;

namespace LiveDash.UnitTests;

/// <summary>
/// Renders types that cross the wire (interfaces' methods, records' properties, enums' values) as text
/// and compares it with a checked-in snapshot, so a wire change shows in review as a diff. After an
/// intended change, run the tests with <c>LIVEDASH_UPDATE_SNAPSHOTS=1</c> and commit the file.
/// </summary>
internal static class ContractSnapshot
{
    public static void AssertMatches(string path, IEnumerable<Type> types, string what)
    {
        var actual = Render(types);
        if (Environment.GetEnvironmentVariable("LIVEDASH_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
        }

        var expected = File.Exists(path) ? File.ReadAllText(path) : "(missing)";
        Assert.True(
            expected == actual,
            $"The {what} changed. If intended, run the tests with LIVEDASH_UPDATE_SNAPSHOTS=1 and commit {path}.\nNow:\n{actual}");
    }

    private static string Render(IEnumerable<Type> types)
    {
        var text = new StringBuilder();
        foreach (var type in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
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
}
