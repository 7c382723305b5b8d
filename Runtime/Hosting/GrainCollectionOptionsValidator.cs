using LiveDash.Runtime.Activation;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Hosting;

/// <summary>Validates <see cref="GrainCollectionOptions"/> at start.</summary>
internal sealed class GrainCollectionOptionsValidator : IValidateOptions<GrainCollectionOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainCollectionOptions options)
    {
        var failures = new[]
        {
            OptionsRange.Check($"{GrainCollectionOptions.SectionName}:{nameof(options.CollectionAge)}", options.CollectionAge, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(30)),
            OptionsRange.Check($"{GrainCollectionOptions.SectionName}:{nameof(options.CollectionScanPeriod)}", options.CollectionScanPeriod, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1)),
            OptionsRange.Check($"{GrainCollectionOptions.SectionName}:{nameof(options.DeactivationTimeout)}", options.DeactivationTimeout, TimeSpan.Zero, TimeSpan.FromMinutes(10)),
        }.OfType<string>().ToArray();
        return failures.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
