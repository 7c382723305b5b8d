using LiveDash.Runtime;
using LiveDash.Runtime.Streaming;

namespace LiveDash.IntegrationTests.Streaming;

/// <summary>A test grain that publishes on its own stream (<c>producer/&lt;key&gt;</c>).</summary>
public interface IStreamProducerGrain : IGrainWithStringKey
{
    /// <summary>Publishes <paramref name="value"/> and returns its position.</summary>
    Task<StreamSequenceToken> PublishAsync(int value);

    /// <summary>The silo the grain runs on.</summary>
    Task<string> GetSiloAsync();
}
