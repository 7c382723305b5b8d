using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiveDash.Gateway.Hosting;

/// <summary>
/// Starts a cluster client's hosted services in the background, in their registration order, so the
/// gateway's HTTP server comes up at once: the client's start waits until a silo is Active, and a
/// gateway whose cluster is down must still answer <c>/healthz</c> (process up) and <c>/readyz</c>
/// (503, saying what it waits for) instead of being unreachable. Stops them in reverse order.
/// </summary>
/// <remarks>
/// Grain calls made before the client has started fail at once (no silo in its view): the ingest API
/// answers 503 and readiness tells load balancers to send no traffic yet. A start that fails (the
/// membership table is unreachable) stops the application, as a failed host start would have.
/// <see cref="IHostedLifecycleService"/> hooks of the wrapped services are not called: the runtime's
/// services do not implement them.
/// </remarks>
internal sealed class BackgroundRuntimeStart : IHostedService, IAsyncDisposable
{
    private readonly IHostedService[] _services;
    private readonly bool[] _owned;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _run = Task.CompletedTask;
    private int _begun;
    private volatile Exception? _failure;

    /// <summary>Creates the services <paramref name="descriptors"/> describe (they were removed from the container's hosted services).</summary>
    public BackgroundRuntimeStart(IServiceProvider services, IReadOnlyList<ServiceDescriptor> descriptors, IHostApplicationLifetime lifetime, ILogger<BackgroundRuntimeStart> logger)
    {
        _services = new IHostedService[descriptors.Count];
        _owned = new bool[descriptors.Count];
        for (var i = 0; i < descriptors.Count; i++)
        {
            (_services[i], _owned[i]) = Create(services, descriptors[i]);
        }

        _lifetime = lifetime;
        _logger = logger;
    }

    /// <summary>Completes when every wrapped service has started; faults with the start's exception, cancels when stopped first.</summary>
    public Task Started => _started.Task;

    /// <summary>Whether every wrapped service has started.</summary>
    public bool IsStarted => _started.Task.IsCompletedSuccessfully;

    /// <summary>Why the start failed, or null.</summary>
    public Exception? Failure => _failure;

    /// <summary>Begins the start in the background and returns.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Task.Run: the wrapped StartAsync may run synchronously for a while before its first await.
        _run = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Cancels a start still under way, then stops the services that began starting, last first.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _run.WaitAsync(cancellationToken);

        List<Exception>? failures = null;
        for (var i = Volatile.Read(ref _begun) - 1; i >= 0; i--)
        {
            try
            {
                await _services[i].StopAsync(cancellationToken);
            }
            catch (Exception exception)
            {
                (failures ??= []).Add(exception);
            }
        }

        if (failures is not null)
        {
            throw new AggregateException("The cluster client's services failed to stop.", failures);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        for (var i = _services.Length - 1; i >= 0; i--)
        {
            if (!_owned[i])
            {
                continue;
            }

            switch (_services[i])
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var service in _services)
            {
                Interlocked.Increment(ref _begun);
                await service.StartAsync(cancellationToken);
            }

            _started.TrySetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _started.TrySetCanceled(cancellationToken);
        }
        catch (Exception exception)
        {
            _failure = exception;
            HostingLog.ClusterClientStartFailed(_logger, exception);

            // The process ends non-zero, as it would had the host's own start failed (Program returns it).
            Environment.ExitCode = 1;
            _lifetime.StopApplication();
            _started.TrySetException(exception);
        }
    }

    private static (IHostedService Service, bool Owned) Create(IServiceProvider services, ServiceDescriptor descriptor)
    {
        if (descriptor.ImplementationInstance is IHostedService instance)
        {
            return (instance, false);
        }

        if (descriptor.ImplementationFactory is { } factory)
        {
            return ((IHostedService)factory(services), true);
        }

        var type = descriptor.ImplementationType
            ?? throw new InvalidOperationException("A hosted service descriptor has no implementation; it cannot be started in the background.");
        return ((IHostedService)ActivatorUtilities.CreateInstance(services, type), true);
    }
}
