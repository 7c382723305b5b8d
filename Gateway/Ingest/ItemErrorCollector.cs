using LiveDash.Gateway.Http;

namespace LiveDash.Gateway.Ingest;

/// <summary>
/// Collects what is wrong with a request: batch-level problems (for the problem's <c>detail</c>) and
/// item errors (its <c>errors</c> array), listing at most <see cref="MaxListed"/> items so a huge bad
/// batch gets a bounded answer.
/// </summary>
internal sealed class ItemErrorCollector
{
    /// <summary>Most item errors listed in one answer; the detail says when more items were bad.</summary>
    public const int MaxListed = 100;

    private List<ItemError>? _items;
    private List<string>? _batchProblems;

    /// <summary>Items found invalid (each counted once, listed or not).</summary>
    public int ItemCount { get; private set; }

    /// <summary>Whether anything is wrong.</summary>
    public bool Any => ItemCount > 0 || _batchProblems is not null;

    /// <summary>Whether the list is full: further items need not be checked, the answer is already a rejection.</summary>
    public bool IsFull => ItemCount >= MaxListed;

    /// <summary>The listed item errors.</summary>
    public IReadOnlyList<ItemError> Items => _items ?? (IReadOnlyList<ItemError>)[];

    /// <summary>Records one bad item.</summary>
    /// <param name="index">Its index (a point, a line, a board entry).</param>
    /// <param name="field">The offending field, or null for the item as a whole.</param>
    /// <param name="reason">What is wrong and what to change.</param>
    public void AddItem(int index, string? field, string reason)
    {
        ItemCount++;
        if (ItemCount <= MaxListed)
        {
            (_items ??= []).Add(new ItemError(index, field, reason));
        }
    }

    /// <summary>Records a problem of the request as a whole (its batchId, a missing member).</summary>
    /// <param name="problem">What is wrong and what to change.</param>
    public void AddBatchProblem(string problem)
    {
        _batchProblems ??= [];
        if (_batchProblems.Count < MaxListed)
        {
            _batchProblems.Add(problem);
        }
    }

    /// <summary>The 422 rejection describing everything collected.</summary>
    /// <param name="itemNoun">What an item is called in the detail (<c>point</c>, <c>line</c>, <c>entry</c>).</param>
    /// <param name="itemsNoun">Its plural (<c>points</c>, <c>lines</c>, <c>entries</c>).</param>
    /// <returns>The rejection.</returns>
    public IngestRejection ToRejection(string itemNoun, string itemsNoun)
    {
        var detail = "The request holds invalid values; nothing was applied.";
        if (_batchProblems is not null)
        {
            foreach (var problem in _batchProblems)
            {
                detail += " " + char.ToUpperInvariant(problem[0]) + problem[1..] + (problem.EndsWith('.') ? string.Empty : ".");
            }
        }

        if (ItemCount > 0)
        {
            detail += ItemCount > MaxListed
                ? $" More than {MaxListed} {itemsNoun} are invalid; the first {MaxListed} are listed in 'errors'."
                : $" {ItemCount} {(ItemCount == 1 ? itemNoun + " is" : itemsNoun + " are")} invalid, listed in 'errors'.";
        }

        return IngestRejection.Unprocessable(detail, Items);
    }
}
