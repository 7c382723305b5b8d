using System.Collections.Concurrent;
using System.Diagnostics;

namespace LiveDash.Bench.Hosting;

/// <summary>
/// A process the bench starts (a server or a load generator). Its stdout lines are kept, its stderr
/// lines are copied to the bench's log with a <c>[name]</c> prefix, and callers can await a line.
/// It is killed, with its children, when disposed — which <c>await using</c> guarantees on failure
/// and Ctrl-C — and, as a last resort, when the bench process exits (SIGTERM, unhandled exception).
/// Children also get <c>--parent-pid</c> where they support it, for the case nothing here runs (SIGKILL).
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<ChildProcess, bool> s_live = new();

    private readonly Process _process;
    private readonly string _name;
    private readonly TextWriter _log;
    private readonly List<string> _lines = [];
    private readonly List<(string Text, TaskCompletionSource<string> Found)> _waiters = [];
    private Task _exited = Task.CompletedTask;

    static ChildProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var child in s_live.Keys)
            {
                child.Kill();
            }
        };
    }

    private ChildProcess(string name, ProcessStartInfo startInfo, TextWriter log)
    {
        _name = name;
        _log = log;
        _process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, isError: false);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, isError: true);
    }

    public int Id => _process.Id;

    /// <summary>Completes when the process has exited and its output has been read to the end.</summary>
    public Task Exited => _exited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The stdout lines so far.</summary>
    public IReadOnlyList<string> OutputLines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Starts <c>dotnet <paramref name="dll"/> <paramref name="args"/></c>, with <paramref name="environment"/> added to the bench's.</summary>
    public static ChildProcess StartDotnet(string name, string dll, IEnumerable<string> args, TextWriter log, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build the solution in the bench's configuration first (./livedash bench builds it).", dll);
        }

        return Start(name, "dotnet", [dll, .. args], log, environment);
    }

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> args, TextWriter log, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var child = new ChildProcess(name, startInfo, log);
        child._process.Start();
        s_live[child] = true;
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        child._exited = child._process.WaitForExitAsync();
        return child;
    }

    /// <summary>The first line (stdout or stderr) containing <paramref name="text"/>; fails when the process exits first or on timeout.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            if (_lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } seen)
            {
                return seen;
            }

            _waiters.Add((text, found));
        }

        var first = await Task.WhenAny(found.Task, Exited).WaitAsync(timeout, cancellationToken);
        return first == found.Task
            ? await found.Task
            : throw new InvalidOperationException($"{_name} exited (code {_process.ExitCode}) before printing '{text}'.");
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Exited.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        s_live.TryRemove(this, out _);
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    private void OnLine(string? line, bool isError)
    {
        if (line is null)
        {
            return;
        }

        if (isError)
        {
            _log.WriteLine($"  [{_name}] {line}");
        }

        lock (_lines)
        {
            _lines.Add(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (line.Contains(_waiters[i].Text, StringComparison.Ordinal))
                {
                    _waiters[i].Found.TrySetResult(line);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
