namespace LiveDash.Runtime.Invocation;

/// <summary>The task shape a grain interface method returns.</summary>
internal enum ReturnKind
{
    /// <summary><see cref="System.Threading.Tasks.Task"/>.</summary>
    Task,

    /// <summary><see cref="Task{TResult}"/>.</summary>
    TaskOfResult,

    /// <summary><see cref="System.Threading.Tasks.ValueTask"/>.</summary>
    ValueTask,

    /// <summary><see cref="ValueTask{TResult}"/>.</summary>
    ValueTaskOfResult,
}
