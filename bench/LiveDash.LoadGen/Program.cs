using System.Runtime.InteropServices;
using LiveDash.LoadGen;
using LiveDash.LoadGen.Resume;

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

int connected;
using (var stdout = Console.OpenStandardOutput())
{
    if (options.Storm)
    {
        var storm = await new StormRun(options).RunAsync(cancellation.Token);
        storm.WriteJson(stdout);
        connected = storm.Connected;
    }
    else
    {
        var result = await new LoadRun(options).RunAsync(cancellation.Token);
        result.WriteJson(stdout);
        connected = result.Connected;
    }

    stdout.WriteByte((byte)'\n');
}

// Exit code 1 when no client connected, so a broken server fails the bench loudly.
return connected > 0 ? 0 : 1;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    cancellation.Cancel();
}
