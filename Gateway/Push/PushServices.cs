using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveDash.Gateway.Push;

/// <summary>Registers the push hub.</summary>
public static class PushServices
{
    /// <summary>Registers the connection hub and its options.</summary>
    public static IServiceCollection AddGatewayPush(this IServiceCollection services)
    {
        services.AddOptions<PushOptions>().BindConfiguration(PushOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PushOptions>, PushOptionsValidator>();
        services.AddSingleton<TopicHub>();
        services.AddHostedService<PushShutdown>();
        return services;
    }
}
