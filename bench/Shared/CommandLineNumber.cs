using System.Globalization;

namespace LiveDash.Bench.Shared;

/// <summary>Reads a numeric command-line value within a range, for the bench's child programs.</summary>
internal static class CommandLineNumber
{
    /// <summary>
    /// The number <paramref name="value"/> holds, or 0 with <paramref name="error"/> naming
    /// <paramref name="option"/> and the allowed range when it is missing, not a number or out of range.
    /// </summary>
    public static double Parse(string option, string? value, double min, double max, ref string? error)
    {
        if (value is null
            || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            || double.IsNaN(number) || number < min || number > max)
        {
            error = $"{option} {value ?? "(missing)"}: expected a number from {min} to {max}.";
            return 0;
        }

        return number;
    }
}
