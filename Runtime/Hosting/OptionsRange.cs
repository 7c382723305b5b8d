namespace LiveDash.Runtime.Hosting;

/// <summary>Range checks for options validators, producing messages that name the option, its value and the allowed range.</summary>
internal static class OptionsRange
{
    public static string? Check(string optionName, TimeSpan value, TimeSpan min, TimeSpan max)
        => value >= min && value <= max
            ? null
            : $"{optionName} must be between {min} and {max}; it was {value}.";

    public static string? Check(string optionName, int value, int min, int max)
        => value >= min && value <= max
            ? null
            : $"{optionName} must be between {min} and {max}; it was {value}.";
}
