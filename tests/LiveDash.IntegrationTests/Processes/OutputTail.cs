using System.Text;

namespace LiveDash.IntegrationTests.Processes;

/// <summary>
/// The last lines a child process wrote, bounded so a chatty process cannot grow the test's memory;
/// written from the process's output callbacks, read when a test fails.
/// </summary>
internal sealed class OutputTail(int maxLines)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _lock = new();
    private long _dropped;

    /// <summary>Appends one line, dropping the oldest when full.</summary>
    public void Add(string line)
    {
        lock (_lock)
        {
            if (_lines.Count == maxLines)
            {
                _lines.Dequeue();
                _dropped++;
            }

            _lines.Enqueue(line);
        }
    }

    /// <summary>The kept lines, with a note of how many earlier ones were dropped.</summary>
    public override string ToString()
    {
        lock (_lock)
        {
            var text = new StringBuilder();
            if (_dropped > 0)
            {
                text.Append('(').Append(_dropped).AppendLine(" earlier lines dropped)");
            }

            foreach (var line in _lines)
            {
                text.AppendLine(line);
            }

            return text.Length == 0 ? "(no output)" : text.ToString();
        }
    }
}
