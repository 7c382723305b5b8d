namespace LiveDash.Grains;

/// <summary>
/// A client sent invalid input (a gateway answers 422). Nothing of the batch or command was
/// applied. <see cref="Reason"/> names the value, the rule or limit, and what to change.
/// </summary>
public sealed class InvalidGrainInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">What is wrong and what to change, without the item prefix.</param>
    /// <param name="itemIndex">The 0-based index of the offending item in its batch, when the error concerns one item.</param>
    public InvalidGrainInputException(string reason, int? itemIndex = null)
        : base(itemIndex is { } index ? $"Item {index}: {reason}" : reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        Reason = reason;
        ItemIndex = itemIndex;
    }

    /// <summary>What is wrong and what to change, e.g. "value NaN is not a finite number; send a finite number".</summary>
    public string Reason { get; }

    /// <summary>The 0-based index of the offending item (e.g. the sample in <see cref="MetricBatch.Samples"/>), or null for the batch or command as a whole.</summary>
    public int? ItemIndex { get; }
}
