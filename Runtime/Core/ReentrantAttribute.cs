namespace LiveDash.Runtime;

/// <summary>
/// Lets calls to this grain class interleave at <c>await</c> points instead of waiting for the
/// current turn to finish. Execution stays single-threaded: interleaved turns never run at the
/// same instant, so grain fields need no locks, but state may change across an await.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute
{
}
