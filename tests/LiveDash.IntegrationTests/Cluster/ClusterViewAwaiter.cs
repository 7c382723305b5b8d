using LiveDash.Runtime.Cluster;
using LiveDash.Runtime.Membership;
using LiveDash.Runtime.Placement;

namespace LiveDash.IntegrationTests.Cluster;

/// <summary>Awaits a node's cluster view reaching a condition, on the membership service's change events.</summary>
internal static class ClusterViewAwaiter
{
    /// <summary>
    /// The first view (the current one included) that satisfies <paramref name="condition"/>; a
    /// <see cref="TimeoutException"/> naming <paramref name="expectation"/> and the last view when
    /// none does within <paramref name="timeout"/>.
    /// </summary>
    /// <remarks>
    /// The listener stays registered (the service has no way to remove one); it only completes a
    /// finished task, so a few per test cost nothing.
    /// </remarks>
    public static async Task<ClusterView> WaitForViewAsync(this ClusterMembershipService membership, Func<ClusterView, bool> condition, TimeSpan timeout, string expectation)
    {
        var reached = new TaskCompletionSource<ClusterView>(TaskCreationOptions.RunContinuationsAsynchronously);
        membership.OnChanged((view, _) =>
        {
            if (condition(view))
            {
                reached.TrySetResult(view);
            }
        });

        // Checked after subscribing, so a change that lands in between is not missed.
        var current = membership.CurrentView;
        if (condition(current))
        {
            return current;
        }

        try
        {
            return await reached.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Expected {expectation} within {timeout.TotalSeconds:0.#} s; the view is {membership.CurrentView}.");
        }
    }
}
