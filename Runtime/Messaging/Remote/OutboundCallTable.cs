using System.Collections.Concurrent;
using LiveDash.Runtime.Membership;

namespace LiveDash.Runtime.Messaging.Remote;

/// <summary>
/// Calls and probes sent to other silos that wait for an answer, by message id. A response takes
/// its entry out exactly once; a call that completes otherwise (deadline, caller cancellation)
/// removes itself, so nothing accumulates.
/// </summary>
internal sealed class OutboundCallTable
{
    private readonly ConcurrentDictionary<long, object> _pending = new();
    private readonly HashSet<SiloAddress> _knownDead = [];
    private long _lastId;

    /// <summary>Calls and probes waiting.</summary>
    public int Count => _pending.Count;

    /// <summary>Records <paramref name="request"/> as sent to <paramref name="silo"/> and returns its message id.</summary>
    public long Register(GrainRequest request, SiloAddress silo)
    {
        var id = Interlocked.Increment(ref _lastId);
        request.OutboundId = id;
        request.SentTo = silo;
        request.OutboundTable = this;
        _pending[id] = request;

        // Completed in the meantime (deadline, cancellation): its Forget may have run before the add.
        if (request.IsCompleted)
        {
            Forget(request);
        }

        // Routed by a view from before the silo was declared dead, after the sweep of its calls (which
        // adds it to the set first, then scans): one of the two sides sees the other.
        bool dead;
        lock (_knownDead)
        {
            dead = _knownDead.Contains(silo);
        }

        if (dead && _pending.TryRemove(KeyValuePair.Create(id, (object)request)))
        {
            request.Fail(new SiloUnavailableException($"Silo {silo} was declared dead; call {request.Method.DisplayName} to {request.Target} was not sent."));
        }

        return id;
    }

    /// <summary>Records a probe of <paramref name="silo"/>; its task completes when the reply comes.</summary>
    public long RegisterProbe(SiloAddress silo, out PendingProbe probe)
    {
        var id = Interlocked.Increment(ref _lastId);
        probe = new PendingProbe(silo);
        _pending[id] = probe;
        return id;
    }

    /// <summary>Takes the entry a response with <paramref name="id"/> answers; false when none waits (it timed out, say).</summary>
    public bool TryTake(long id, out object pending) => _pending.TryRemove(id, out pending!);

    /// <summary>Removes a call that completed without its response.</summary>
    public void Forget(GrainRequest request) => _pending.TryRemove(KeyValuePair.Create(request.OutboundId, (object)request));

    /// <summary>Removes a probe that timed out.</summary>
    public void Forget(long probeId) => _pending.TryRemove(probeId, out _);

    /// <summary>Fails every call and probe sent to <paramref name="silo"/>: its connection is gone or it was declared dead. Returns the calls failed.</summary>
    public int FailAllTo(SiloAddress silo, Func<GrainRequest, Exception> error)
    {
        var failed = 0;
        foreach (var (id, pending) in _pending)
        {
            switch (pending)
            {
                case GrainRequest request when request.SentTo == silo:
                    if (_pending.TryRemove(KeyValuePair.Create(id, pending)))
                    {
                        request.Fail(error(request));
                        failed++;
                    }

                    break;
                case PendingProbe probe when probe.Silo == silo:
                    if (_pending.TryRemove(KeyValuePair.Create(id, pending)))
                    {
                        probe.Complete(false);
                    }

                    break;
            }
        }

        return failed;
    }

    /// <summary>
    /// Fails the calls waiting on silos the table newly shows Dead, rather than let them wait for their
    /// deadlines. Each dead silo is handled once: its row stays in the table for good.
    /// </summary>
    /// <returns>The silos newly seen dead.</returns>
    public List<SiloAddress> FailCallsToNewlyDead(MembershipTableSnapshot snapshot)
    {
        var newlyDead = new List<SiloAddress>();
        foreach (var row in snapshot.Rows)
        {
            if (row.Entry.Status != SiloStatus.Dead)
            {
                continue;
            }

            lock (_knownDead)
            {
                if (!_knownDead.Add(row.Entry.Silo))
                {
                    continue;
                }
            }

            newlyDead.Add(row.Entry.Silo);
            FailAllTo(row.Entry.Silo, request => new SiloUnavailableException(
                $"Silo {request.SentTo} was declared dead before call {request.Method.DisplayName} to {request.Target} was answered."));
        }

        return newlyDead;
    }

    /// <summary>Fails everything waiting (the node is stopping or crashed).</summary>
    public void FailAll(Func<GrainRequest, Exception> error)
    {
        foreach (var (id, pending) in _pending)
        {
            if (!_pending.TryRemove(KeyValuePair.Create(id, pending)))
            {
                continue;
            }

            switch (pending)
            {
                case GrainRequest request:
                    request.Fail(error(request));
                    break;
                case PendingProbe probe:
                    probe.Complete(false);
                    break;
            }
        }
    }
}
