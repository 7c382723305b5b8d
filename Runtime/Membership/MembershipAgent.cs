using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Membership;

/// <summary>
/// This silo's part in membership: joins the table (Joining → Active), writes IAmAlive, probes every
/// other Active silo and votes unreachable ones dead, leaves gracefully (ShuttingDown → Dead), and
/// stops the silo when it reads itself Dead.
/// </summary>
internal sealed class MembershipAgent : IAsyncDisposable
{
    private const int MaxConditionalAttempts = 50;

    /// <summary>How often a silo deletes long-dead rows; every silo does, which is harmless (the delete is idempotent).</summary>
    private static readonly TimeSpan s_defunctCleanupPeriod = TimeSpan.FromHours(1);

    private readonly ClusterMembershipService _membership;
    private readonly IMembershipTable _table;
    private readonly ISiloProber _prober;
    private readonly LocalSiloDetails _local;
    private readonly MembershipOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<SiloAddress, ProbeRecord> _probes = [];
    private Action? _onDeclaredDead;
    private Task _probeLoop = Task.CompletedTask;
    private Task _aliveLoop = Task.CompletedTask;
    private int _selfDeadReported;
    private int _disposed;

    public MembershipAgent(
        ClusterMembershipService membership,
        ISiloProber prober,
        LocalSiloDetails local,
        IOptions<MembershipOptions> options,
        TimeProvider time,
        ILogger<MembershipAgent> logger)
    {
        _membership = membership;
        _table = membership.Table;
        _prober = prober;
        _local = local;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    private SiloAddress Self => _local.Address;

    /// <summary>Inserts this silo as Joining, retires its earlier incarnations, becomes Active and starts probing.</summary>
    /// <param name="onDeclaredDead">Called once if this silo later reads itself Dead: the silo must stop.</param>
    /// <param name="cancellationToken">Cancels the join.</param>
    public async Task JoinAsync(Action onDeclaredDead, CancellationToken cancellationToken)
    {
        _onDeclaredDead = onDeclaredDead;
        await _table.InitializeAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var entry = new MembershipEntry
        {
            Silo = Self,
            Status = SiloStatus.Joining,
            HostName = Environment.MachineName,
            StartTime = now,
            IAmAliveTime = now,
        };
        for (var attempt = 0; ; attempt++)
        {
            var snapshot = await _table.ReadAllAsync(cancellationToken);
            if (await _table.TryInsertAsync(entry, snapshot.Version, cancellationToken))
            {
                break;
            }

            await BackOffAsync(attempt, "insert", cancellationToken);
        }

        MembershipLog.Joined(_logger, Self, SiloStatus.Joining);
        await RetirePredecessorsAsync(cancellationToken);
        await WriteOwnStatusAsync(SiloStatus.Active, cancellationToken);

        _membership.OnChanged(OnTableChanged);
        await _membership.StartAsync(cancellationToken);
        _probeLoop = Task.Run(() => ProbeLoopAsync(_stopping.Token), CancellationToken.None);
        _aliveLoop = Task.Run(() => AliveLoopAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>Marks this silo ShuttingDown: peers stop routing to it. First step of a graceful stop.</summary>
    public Task BeginLeaveAsync(CancellationToken cancellationToken) => WriteOwnStatusAsync(SiloStatus.ShuttingDown, cancellationToken);

    /// <summary>Stops probing and marks this silo Dead: the last step of a graceful stop.</summary>
    public async Task CompleteLeaveAsync(CancellationToken cancellationToken)
    {
        await StopLoopsAsync();
        await WriteOwnStatusAsync(SiloStatus.Dead, cancellationToken);
    }

    /// <summary>Stops probing and writing, without a word to the table: the crash of a test kill.</summary>
    public Task StopLoopsAsync()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _stopping.Cancel();
        }

        return Task.WhenAll(_probeLoop, _aliveLoop);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopLoopsAsync();
        _stopping.Dispose();
    }

    private void OnTableChanged(ClusterView view, MembershipTableSnapshot snapshot)
    {
        if (!_local.HasAddress || snapshot.Find(Self) is not { Entry.Status: SiloStatus.Dead })
        {
            return;
        }

        if (Interlocked.Exchange(ref _selfDeadReported, 1) == 0 && !_stopping.IsCancellationRequested)
        {
            MembershipLog.ReadSelfDead(_logger, Self);
            _stopping.Cancel();
            _onDeclaredDead?.Invoke();
        }
    }

    /// <summary>
    /// A silo restarted on the same endpoint is a new generation; the old row (a crash leaves it Active)
    /// can only be the dead predecessor, so it is declared Dead at once instead of waiting for votes.
    /// </summary>
    private async Task RetirePredecessorsAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _table.ReadAllAsync(cancellationToken);
        var predecessors = snapshot.Rows
            .Select(r => r.Entry)
            .Where(e => e.Silo.Host == Self.Host && e.Silo.Port == Self.Port && e.Silo.Generation < Self.Generation && e.Status != SiloStatus.Dead)
            .Select(e => e.Silo)
            .ToList();
        foreach (var predecessor in predecessors)
        {
            if (await UpdateRowAsync(predecessor, (e, _) => e.Status == SiloStatus.Dead ? null : e with { Status = SiloStatus.Dead }, cancellationToken))
            {
                MembershipLog.DeclaredPredecessorDead(_logger, predecessor);
            }
        }
    }

    private async Task WriteOwnStatusAsync(SiloStatus status, CancellationToken cancellationToken)
    {
        var written = await UpdateRowAsync(
            Self,
            (entry, _) => entry.Status == SiloStatus.Dead || entry.Status == status
                ? null
                : entry with { Status = status, IAmAliveTime = _time.GetUtcNow() },
            cancellationToken);
        if (written)
        {
            MembershipLog.StatusWritten(_logger, Self, status);
        }

        await _membership.RefreshAsync(cancellationToken);
    }

    /// <summary>
    /// Read-modify-write of one row with the table's optimistic concurrency; <paramref name="change"/>
    /// returns null when no write is needed. True when this call wrote the row.
    /// </summary>
    private async Task<bool> UpdateRowAsync(
        SiloAddress silo,
        Func<MembershipEntry, MembershipTableSnapshot, MembershipEntry?> change,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var snapshot = await _table.ReadAllAsync(cancellationToken);
            if (snapshot.Find(silo) is not { } row || change(row.Entry, snapshot) is not { } updated)
            {
                return false;
            }

            if (await _table.TryUpdateAsync(updated, row.Etag, snapshot.Version, cancellationToken))
            {
                return true;
            }

            await BackOffAsync(attempt, "update of " + silo, cancellationToken);
        }
    }

    private async Task BackOffAsync(int attempt, string step, CancellationToken cancellationToken)
    {
        if (attempt >= MaxConditionalAttempts)
        {
            throw new InvalidOperationException($"The membership table kept changing under the {step}; gave up after {MaxConditionalAttempts} attempts.");
        }

        // Concurrent writers at the same version: spread the retries so one of them wins quickly.
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 + (attempt * 5))), _time, cancellationToken);
    }

    private async Task AliveLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.IAmAlivePeriod, _time);
        try
        {
            // Cleans at the first tick (a silo starting is a good moment), then about once an hour.
            long? lastCleanup = null;
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await _table.UpdateIAmAliveAsync(Self, _time.GetUtcNow(), cancellationToken);
                    if (lastCleanup is not { } last || _time.GetElapsedTime(last) >= s_defunctCleanupPeriod)
                    {
                        lastCleanup = _time.GetTimestamp();
                        var deleted = await _table.CleanupDefunctSiloEntriesAsync(_time.GetUtcNow() - _options.DefunctSiloExpiration, cancellationToken);
                        if (deleted > 0)
                        {
                            MembershipLog.DefunctRowsDeleted(_logger, deleted);
                        }
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    MembershipLog.StepFailed(_logger, exception, "IAmAlive");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task ProbeLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.ProbePeriod, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await ProbeRoundAsync(cancellationToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    MembershipLog.StepFailed(_logger, exception, "probe round");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Probes every other live member at once — Joining and ShuttingDown ones too, so a silo that
    /// crashes while starting or stopping is cleared as well — then votes on those past the miss limit.
    /// Only an Active silo votes: one that is leaving (or was voted out) no longer speaks for the cluster.
    /// </summary>
    private async Task ProbeRoundAsync(CancellationToken cancellationToken)
    {
        if (_membership.CurrentSnapshot is not { } snapshot || snapshot.Find(Self)?.Entry.Status != SiloStatus.Active)
        {
            return;
        }

        var peers = snapshot.Rows
            .Where(r => r.Entry.Silo != Self && r.Entry.Status is SiloStatus.Joining or SiloStatus.Active or SiloStatus.ShuttingDown)
            .Select(r => r.Entry.Silo)
            .ToArray();
        foreach (var gone in _probes.Keys.Except(peers).ToList())
        {
            _probes.Remove(gone);
        }

        var results = await Task.WhenAll(peers.Select(p => _prober.ProbeAsync(p, _options.ProbeTimeout, cancellationToken)));
        var now = _time.GetTimestamp();
        for (var i = 0; i < peers.Length; i++)
        {
            if (!_probes.TryGetValue(peers[i], out var record))
            {
                _probes[peers[i]] = record = new ProbeRecord();
            }

            if (results[i])
            {
                record.Missed = 0;
                record.FirstVoteTimestamp = null;
                continue;
            }

            record.Missed++;
            if (record.Missed < _options.MissedProbesLimit)
            {
                continue;
            }

            MembershipLog.Suspecting(_logger, peers[i], record.Missed);
            record.FirstVoteTimestamp ??= now;
            var stuckFor = _time.GetElapsedTime(record.FirstVoteTimestamp.Value);
            var alone = stuckFor >= _options.ProbePeriod * _options.MissedProbesLimit && IsOlderThan(peers[i]);
            await VoteAsync(peers[i], alone, cancellationToken);
        }
    }

    /// <summary>
    /// Adds this silo's vote to the suspect's row and declares it Dead when enough fresh votes agree.
    /// <paramref name="alone"/>: the votes never came although the suspect stays unreachable — a
    /// partition between this silo and the suspect, where each can only vote the other. The older of
    /// the two (both sides agree which that is) then declares the younger dead by itself, so the
    /// cluster converges instead of keeping two members that cannot reach each other.
    /// </summary>
    private async Task VoteAsync(SiloAddress suspect, bool alone, CancellationToken cancellationToken)
    {
        var outcome = (Votes: 0, Needed: 0);
        var declared = await UpdateRowAsync(
            suspect,
            (entry, snapshot) =>
            {
                if (entry.Status == SiloStatus.Dead || snapshot.Find(Self)?.Entry.Status != SiloStatus.Active)
                {
                    return null;
                }

                var now = _time.GetUtcNow();
                var votes = entry.Suspicions
                    .Where(v => v.Voter != Self && now - v.Time < _options.DeathVoteExpiration)
                    .Append(new SuspectVote(Self, now))
                    .ToList();
                var needed = Math.Min(_options.VotesForDeathDeclaration, CountLiveVoters(snapshot, suspect, now));
                outcome = (votes.Count, needed);
                var dead = alone || votes.Count >= needed;
                return entry with { Suspicions = votes, Status = dead ? SiloStatus.Dead : entry.Status };
            },
            cancellationToken);
        if (!declared || (!alone && outcome.Votes < outcome.Needed))
        {
            return;
        }

        if (alone && outcome.Votes < outcome.Needed)
        {
            MembershipLog.DeclaredDeadAlone(_logger, suspect);
        }
        else
        {
            MembershipLog.DeclaredDead(_logger, suspect, outcome.Votes, outcome.Needed);
        }

        await _membership.RefreshAsync(cancellationToken);
    }

    /// <summary>
    /// Silos that could vote on <paramref name="suspect"/>: Active ones other than it whose IAmAlive is
    /// fresh, this silo always included. Silos that crashed with the suspect stop writing IAmAlive and
    /// drop out after three periods, so a lone survivor (or the first silo back after a whole-cluster
    /// crash) can clear them alone. A silo cut off from its peers but not from the table keeps its
    /// peers counted, so it cannot declare them dead by itself.
    /// </summary>
    private int CountLiveVoters(MembershipTableSnapshot snapshot, SiloAddress suspect, DateTimeOffset now)
    {
        var staleAfter = _options.IAmAlivePeriod * 3;
        return snapshot.Rows.Count(r =>
            r.Entry.Silo != suspect
            && r.Entry.Status == SiloStatus.Active
            && (r.Entry.Silo == Self || now - r.Entry.IAmAliveTime < staleAfter));
    }

    /// <summary>The older silo (earlier generation, then address) wins a two-sided partition; both sides compute the same.</summary>
    private bool IsOlderThan(SiloAddress other)
        => Self.Generation != other.Generation
            ? Self.Generation < other.Generation
            : string.CompareOrdinal(Self.ToString(), other.ToString()) < 0;

    /// <summary>Probe history of one peer; touched only by the probe loop.</summary>
    private sealed class ProbeRecord
    {
        public int Missed { get; set; }

        public long? FirstVoteTimestamp { get; set; }
    }
}
