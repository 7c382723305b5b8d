using System.Runtime.InteropServices;
using LiveDash.LoadGen;

var options = LoadGenOptions.Parse(args, out var error);
if (options is null)
{
    await Console.Error.WriteLineAsync($"loadgen: {error}\n\n{LoadGenOptions.Usage}");
    return 2;
}

// Ctrl-C and SIGTERM end the window early; the sockets are still closed and a result printed.
var cancellation = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

var result = await new LoadRun(options).RunAsync(cancellation.Token);
using (var stdout = Console.OpenStandardOutput())
{
    result.WriteJson(stdout);
    stdout.WriteByte((byte)'\n');
}

// Exit code 1 when no client connected, so a broken server fails the bench loudly.
return result.Connected > 0 ? 0 : 1;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    cancellation.Cancel();
}
