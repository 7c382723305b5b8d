using LiveDash.Runtime.Activation;
using LiveDash.Runtime.Timers;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDash.Runtime;

/// <summary>
/// Base class of grain implementations. The runtime creates a grain when the first call for its
/// id arrives (activation), runs its calls one turn at a time, and deactivates it when idle.
/// </summary>
/// <remarks>
/// Grain code runs on its activation's scheduler: do not use <c>ConfigureAwait(false)</c> in grain
/// code, or the rest of the method runs outside the turn and loses the single-threaded guarantee.
/// </remarks>
public abstract class Grain
{
    private readonly ActivationData _activation;

    /// <summary>Binds the grain to the activation being created; grains are only constructed by the runtime.</summary>
    protected Grain()
    {
        _activation = ActivationData.Constructing
            ?? throw new InvalidOperationException($"{GetType().Name} is a grain; grains are created by the runtime, not with 'new'. Use IGrainFactory.GetGrain.");
    }

    /// <summary>This grain's id.</summary>
    public GrainId GrainId => _activation.GrainId;

    /// <summary>Creates references to other grains.</summary>
    protected IGrainFactory GrainFactory => _activation.Catalog.Services.GetRequiredService<IGrainFactory>();

    internal ActivationData Activation => _activation;

    /// <summary>The grain's string key.</summary>
    public string GetPrimaryKeyString() => _activation.GrainId.Key;

    /// <summary>Runs once, as the first turn, after persistent states were read. An exception fails the activation and the calls waiting for it.</summary>
    /// <param name="cancellationToken">Cancelled when the silo stops.</param>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once, as the last turn; persist what must survive here. Not called after a crash.</summary>
    /// <param name="reason">Why the activation ends.</param>
    /// <param name="cancellationToken">Not cancelled today; reserved for a deactivation deadline.</param>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the turns already queued are done.</summary>
    protected void DeactivateOnIdle()
        => _ = _activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "The grain asked to deactivate."));

    /// <summary>Registers a timer whose callback runs as a turn of this grain (see <see cref="GrainTimerCreationOptions"/>).</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
        => RegisterGrainTimer(
            static (state, token) => ((Func<CancellationToken, Task>)state!)(token),
            callback,
            new GrainTimerCreationOptions { DueTime = dueTime, Period = period });

    /// <summary>Registers a timer with explicit options and a state object passed to each tick.</summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        if (!_activation.IsCurrentContext)
        {
            throw new InvalidOperationException("Grain timers are registered from the grain's own turns (OnActivateAsync or a grain method), not from another thread.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.DueTime, TimeSpan.Zero);
        var timer = new GrainTimer(_activation, (s, token) => callback((TState)s!, token), state, options);
        _activation.AddTimer(timer);
        return timer;
    }
}
