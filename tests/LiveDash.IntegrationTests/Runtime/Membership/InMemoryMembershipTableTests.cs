using LiveDash.Runtime.Membership;

namespace LiveDash.IntegrationTests.Runtime.Membership;

/// <summary>The in-memory table against the membership table specification.</summary>
public sealed class InMemoryMembershipTableTests : MembershipTableSpecification
{
    private readonly Dictionary<string, InMemoryMembershipTable> _clusters = [];

    /// <summary>One in-memory table stands for one cluster id, as one database table would.</summary>
    protected override IMembershipTable CreateTable(string clusterId)
    {
        lock (_clusters)
        {
            if (!_clusters.TryGetValue(clusterId, out var table))
            {
                table = new InMemoryMembershipTable();
                _clusters[clusterId] = table;
            }

            return table;
        }
    }
}
