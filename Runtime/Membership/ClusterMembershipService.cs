using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveDash.Runtime.Membership;

/// <summary>
/// A node's versioned view of the cluster, kept from the membership table: refreshed on every change
/// notification, on demand (a "not owner" answer, a lost connection) and by polling as a fallback.
/// Views only move forward: a read older than the current view is ignored.
/// </summary>
internal sealed class ClusterMembershipService : IClusterMembershipView, IAsyncDisposable
{
    private readonly IMembershipTable _table;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _refreshPeriod;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _listenersLock = new();
    private Action<ClusterView, MembershipTableSnapshot>[] _listeners = [];
    private volatile ClusterView _view = ClusterView.Empty;
    private volatile MembershipTableSnapshot? _snapshot;
    private IAsyncDisposable? _subscription;
    private ITimer? _poll;
    private int _disposed;

    public ClusterMembershipService(IMembershipTable table, TimeProvider time, IOptions<MembershipOptions> options, ILogger<ClusterMembershipService> logger)
    {
        _table = table;
        _time = time;
        _logger = logger;
        _refreshPeriod = options.Value.TableRefreshPeriod;
    }

    /// <summary>The current view.</summary>
    public ClusterView CurrentView => _view;

    /// <summary>The table as last read (null before the first read).</summary>
    public MembershipTableSnapshot? CurrentSnapshot => _snapshot;

    /// <summary>The table this service reads.</summary>
    public IMembershipTable Table => _table;

    /// <summary>
    /// Calls <paramref name="listener"/> after every newer table read (the view may be unchanged when
    /// only a row's votes changed); never concurrently with itself or another listener.
    /// </summary>
    public void OnChanged(Action<ClusterView, MembershipTableSnapshot> listener)
    {
        lock (_listenersLock)
        {
            _listeners = [.. _listeners, listener];
        }
    }

    /// <summary>Subscribes to table notifications, starts polling and reads the table once.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = await _table.SubscribeAsync(() => _ = RefreshInBackgroundAsync(), cancellationToken);
        _poll = _time.CreateTimer(static s => _ = ((ClusterMembershipService)s!).RefreshInBackgroundAsync(), this, _refreshPeriod, _refreshPeriod);
        await RefreshAsync(cancellationToken);
    }

    /// <summary>Reads the table and moves to its view if it is newer than the current one.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken);
        try
        {
            var snapshot = await _table.ReadAllAsync(cancellationToken);
            if (_snapshot is { } current && snapshot.Version <= current.Version)
            {
                return;
            }

            var view = new ClusterView(snapshot.Version, snapshot.Rows.Where(r => r.Entry.Status == SiloStatus.Active).Select(r => r.Entry.Silo));
            var previous = _view;
            _snapshot = snapshot;
            _view = view;
            if (!previous.ActiveSilos.SequenceEqual(view.ActiveSilos))
            {
                MembershipLog.ViewChanged(_logger, view);
            }

            foreach (var listener in Volatile.Read(ref _listeners))
            {
                try
                {
                    listener(view, snapshot);
                }
                catch (Exception exception)
                {
                    MembershipLog.ViewListenerFailed(_logger, exception);
                }
            }
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    /// <summary>Refreshes until the view is at least <paramref name="version"/> or the token fires.</summary>
    public async Task RefreshToAtLeastAsync(long version, CancellationToken cancellationToken)
    {
        while (_view.Version < version)
        {
            await RefreshAsync(cancellationToken);
            if (_view.Version < version)
            {
                // The table was read between the peer's write and its commit becoming visible here.
                await Task.Delay(TimeSpan.FromMilliseconds(20), _time, cancellationToken);
            }
        }
    }

    /// <summary>Stops polling and listening; idempotent (a stopping silo and its container both call it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_poll is not null)
        {
            await _poll.DisposeAsync();
        }

        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }
    }

    private async Task RefreshInBackgroundAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await RefreshAsync(_stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // The table is unreachable for now; the next notification or poll tries again.
            MembershipLog.RefreshFailed(_logger, exception);
        }
    }
}
