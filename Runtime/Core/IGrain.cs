namespace LiveDash.Runtime;

/// <summary>
/// Marker for grain interfaces. Every method of a grain interface returns <see cref="Task"/>,
/// <see cref="Task{TResult}"/>, <see cref="ValueTask"/> or <see cref="ValueTask{TResult}"/>,
/// and may take one <see cref="CancellationToken"/>, which the runtime cancels at the call's deadline.
/// </summary>
public interface IGrain
{
}

/// <summary>A grain identified by a string key, as in Orleans.</summary>
public interface IGrainWithStringKey : IGrain
{
}
