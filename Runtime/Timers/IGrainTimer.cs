namespace LiveDash.Runtime;

/// <summary>A timer registered by a grain; disposing it stops further ticks. It ends with its activation.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes when the next tick comes and the period after it.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
