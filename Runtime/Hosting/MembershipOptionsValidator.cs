using LiveDash.Runtime.Membership;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Hosting;

/// <summary>Validates <see cref="MembershipOptions"/> at start.</summary>
internal sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        const string Section = MembershipOptions.SectionName;
        var failures = new[]
        {
            OptionsRange.Check($"{Section}:{nameof(options.ProbePeriod)}", options.ProbePeriod, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1)),
            OptionsRange.Check($"{Section}:{nameof(options.ProbeTimeout)}", options.ProbeTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1)),
            OptionsRange.Check($"{Section}:{nameof(options.MissedProbesLimit)}", options.MissedProbesLimit, 1, 100),
            OptionsRange.Check($"{Section}:{nameof(options.VotesForDeathDeclaration)}", options.VotesForDeathDeclaration, 1, 10),
            OptionsRange.Check($"{Section}:{nameof(options.DeathVoteExpiration)}", options.DeathVoteExpiration, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            OptionsRange.Check($"{Section}:{nameof(options.IAmAlivePeriod)}", options.IAmAlivePeriod, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)),
            OptionsRange.Check($"{Section}:{nameof(options.DefunctSiloExpiration)}", options.DefunctSiloExpiration, TimeSpan.FromMinutes(1), TimeSpan.FromDays(365)),
            OptionsRange.Check($"{Section}:{nameof(options.TableRefreshPeriod)}", options.TableRefreshPeriod, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10)),
        }.OfType<string>().ToArray();
        return failures.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
