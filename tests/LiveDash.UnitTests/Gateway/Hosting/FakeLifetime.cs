using Microsoft.Extensions.Hosting;

namespace LiveDash.UnitTests.Gateway.Hosting;

/// <summary>An <see cref="IHostApplicationLifetime"/> a test moves through its states by hand.</summary>
internal sealed class FakeLifetime : IHostApplicationLifetime, IDisposable
{
    private readonly CancellationTokenSource _started = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _stopped = new();

    public CancellationToken ApplicationStarted => _started.Token;

    public CancellationToken ApplicationStopping => _stopping.Token;

    public CancellationToken ApplicationStopped => _stopped.Token;

    /// <summary>How many times <see cref="StopApplication"/> was called.</summary>
    public int StopRequests { get; private set; }

    public void Start() => _started.Cancel();

    public void StopApplication()
    {
        StopRequests++;
        _stopping.Cancel();
    }

    public void Dispose()
    {
        _started.Dispose();
        _stopping.Dispose();
        _stopped.Dispose();
    }
}
