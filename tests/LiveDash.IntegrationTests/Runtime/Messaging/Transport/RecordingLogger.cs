using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace LiveDash.IntegrationTests.Runtime.Messaging.Transport;

/// <summary>Keeps every log entry's event id and formatted message, for tests that check what was logged.</summary>
internal sealed class RecordingLogger : ILogger
{
    public Channel<(EventId Id, string Message)> Entries { get; } = Channel.CreateUnbounded<(EventId, string)>();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => Entries.Writer.TryWrite((eventId, formatter(state, exception)));
}
