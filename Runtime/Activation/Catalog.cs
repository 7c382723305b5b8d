using System.Collections.Concurrent;
using LiveDash.Runtime.Messaging;
using Microsoft.Extensions.Logging;

namespace LiveDash.Runtime.Activation;

/// <summary>
/// The silo's activations by grain id: finds or creates the activation a call is for. A grain has
/// at most one activation in the catalog at a time; a call that races a deactivation is re-routed
/// to the next one (see <see cref="ActivationData"/>).
/// </summary>
internal sealed class Catalog : IDisposable
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly GrainClassRegistry _registry;
    private readonly CancellationTokenSource _stopping = new();

    public Catalog(GrainClassRegistry registry, IServiceProvider services, TimeProvider time, ILogger<Catalog> logger)
    {
        _registry = registry;
        Services = services;
        Time = time;
        Logger = logger;
    }

    public IServiceProvider Services { get; }

    public TimeProvider Time { get; }

    public ILogger Logger { get; }

    /// <summary>Cancelled when the silo starts stopping; passed to activation work.</summary>
    public CancellationToken StoppingToken => _stopping.Token;

    /// <summary>Activations currently in the catalog.</summary>
    public int Count => _activations.Count;

    public ICollection<ActivationData> Activations => _activations.Values;

    /// <summary>Delivers <paramref name="request"/> to its grain's activation, creating it on first use.</summary>
    public void Dispatch(GrainRequest request)
    {
        if (_stopping.IsCancellationRequested)
        {
            request.Fail(new SiloUnavailableException($"The silo is shutting down; call {request.Method.DisplayName} to {request.Target} was not run."));
            return;
        }

        if (!_activations.TryGetValue(request.Target, out var activation))
        {
            if (!_registry.TryGetClass(request.Target.Type, out var grainClass))
            {
                request.Fail(new InvalidOperationException($"No grain class is registered for grain type '{request.Target.Type}' (call {request.Method.DisplayName})."));
                return;
            }

            // Under a race the spare ActivationData is never posted to and has no side effects, so
            // it is simply dropped.
            var created = new ActivationData(request.Target, grainClass, this);
            activation = _activations.GetOrAdd(request.Target, created);
            if (ReferenceEquals(activation, created))
            {
                // Dekker with DeactivateAllAsync, which sets the flag and then snapshots the catalog:
                // we added the activation and then read the flag, with a full fence in between, so
                // at least one side sees the other. If it is us, the snapshot may have missed the
                // activation: it must never activate. (A call another Dispatch posted to it in the
                // meantime is drained by the deactivation request and refused on re-dispatch.)
                Interlocked.MemoryBarrier();
                if (_stopping.IsCancellationRequested)
                {
                    Remove(activation);
                    _ = activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is stopping."));
                    request.Fail(new SiloUnavailableException($"The silo is shutting down; call {request.Method.DisplayName} to {request.Target} was not run."));
                    return;
                }

                // The same pattern with the cluster's ownership sweep (DeactivateNotOwned), which runs
                // after a new view is published: the caller judged ownership by a view that may have
                // been replaced since. Either the sweep saw this activation, or we see the new view
                // here; an activation the silo no longer owns must not live on beside the new owner's.
                if (IsOwned is { } isOwned && Router is { } router && !isOwned(request.Target))
                {
                    Remove(activation);
                    _ = activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.OwnershipMoved, "Another silo owns the grain in the new cluster view."));
                    router(request);
                    return;
                }
            }
        }

        activation.Post(request);
    }

    /// <summary>
    /// In a cluster, routes a call to its grain's owner (set by the cluster service at start); null in a
    /// single silo, where every grain is local.
    /// </summary>
    public Action<GrainRequest>? Router { get; set; }

    /// <summary>In a cluster, whether this silo owns a grain in the current view (set with <see cref="Router"/>).</summary>
    public Func<GrainId, bool>? IsOwned { get; set; }

    /// <summary>
    /// Delivers a call that reached an activation after it deactivated: to the owner again (a move, or
    /// this silo stopping, may have sent the grain elsewhere — the call is forwarded rather than
    /// failed), else to a fresh local activation.
    /// </summary>
    public void Redispatch(GrainRequest request)
    {
        if (Router is { } router)
        {
            router(request);
        }
        else
        {
            Dispatch(request);
        }
    }

    /// <summary>Deactivates (and so persists) every activation of a grain <paramref name="isOwned"/> says this silo no longer owns.</summary>
    public int DeactivateNotOwned(Func<GrainId, bool> isOwned)
    {
        var reason = new DeactivationReason(DeactivationReasonCode.OwnershipMoved, "Another silo owns the grain in the new cluster view.");
        var moved = 0;
        foreach (var activation in _activations.Values)
        {
            if (!isOwned(activation.GrainId))
            {
                _ = activation.RequestDeactivation(reason);
                moved++;
            }
        }

        return moved;
    }

    /// <summary>
    /// A crash: refuses new calls and drops every activation without running its OnDeactivateAsync,
    /// so nothing is persisted that was not already. Used by test kills.
    /// </summary>
    public void Abandon()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (AggregateException exception)
        {
            RuntimeLog.StoppingCallbackFailed(Logger, exception);
        }

        var reason = new DeactivationReason(DeactivationReasonCode.SiloCrashed, "The silo crashed.");
        foreach (var activation in _activations.Values)
        {
            _ = activation.RequestDeactivation(reason);
        }
    }

    /// <summary>Finds the activation of <paramref name="grainId"/> if it exists.</summary>
    public bool TryGetActivation(GrainId grainId, out ActivationData activation)
        => _activations.TryGetValue(grainId, out activation!);

    public void Remove(ActivationData activation)
        => _activations.TryRemove(KeyValuePair.Create(activation.GrainId, activation));

    /// <summary>Refuses new calls, then deactivates every activation (each persists in its OnDeactivateAsync).</summary>
    public async Task DeactivateAllAsync(TimeSpan timeout)
    {
        try
        {
            await _stopping.CancelAsync();
        }
        catch (Exception exception)
        {
            // A grain's or a library's callback on the stopping token: it must not stop the stop.
            RuntimeLog.StoppingCallbackFailed(Logger, exception);
        }

        var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is stopping.");
        var pending = _activations.Values.Select(a => a.RequestDeactivation(reason)).ToArray();
        try
        {
            await Task.WhenAll(pending).WaitAsync(timeout, Time);
        }
        catch (TimeoutException)
        {
            RuntimeLog.DeactivationTimedOut(Logger, pending.Count(t => !t.IsCompleted), timeout);
        }
    }

    public void Dispose() => _stopping.Dispose();
}
