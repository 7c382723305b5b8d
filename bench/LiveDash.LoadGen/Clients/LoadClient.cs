using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LiveDash.LoadGen.Clients;

/// <summary>
/// One client connection. No thread of its own: <see cref="OpenAsync"/> connects and completes the
/// transport's handshake, <see cref="ReceiveAsync"/> is an async loop over socket receives into a
/// small buffer, scanning for events as bytes arrive.
/// </summary>
internal abstract class LoadClient : IDisposable
{
    /// <summary>Receive buffer per connection: events are a few hundred bytes; 2 KB keeps 10k clients at 20 MB.</summary>
    protected const int BufferSize = 2048;

    private Socket? _socket;

    /// <summary>True once <see cref="OpenAsync"/> completed: the connection was established and its handshake answered.</summary>
    public bool Opened { get; private set; }

    /// <summary>Events this connection received inside the timed window (every client must get each one published).</summary>
    public abstract long WindowDeliveries { get; }

    protected Socket Socket => _socket ?? throw new InvalidOperationException("The client is not connected.");

    /// <summary>Connects from <paramref name="source"/> (bound before connecting, so every source address
    /// has its own ephemeral ports) and completes the handshake; throws on failure.</summary>
    public async Task OpenAsync(IPEndPoint server, IPAddress source, Uri url, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true,
            // Close with a reset: no TIME_WAIT left on the client's ports between runs.
            LingerState = new LingerOption(enable: true, seconds: 0),
        };
        _socket = socket;
        socket.Bind(new IPEndPoint(source, 0));
        await socket.ConnectAsync(server, cancellationToken);
        await HandshakeAsync(url, cancellationToken);
        Opened = true;
    }

    /// <summary>Receives until the server closes the connection (returns) or <paramref name="cancellationToken"/> fires.</summary>
    public abstract Task ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Keeps the connection alive where the protocol needs it (SignalR pings); default nothing.</summary>
    public virtual ValueTask KeepAliveAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public virtual void Dispose()
    {
        _socket?.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract Task HandshakeAsync(Uri url, CancellationToken cancellationToken);

    protected static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>Sends all of <paramref name="bytes"/>.</summary>
    protected async Task SendAllAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await Socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
            bytes = bytes[sent..];
        }
    }

    /// <summary>Index just past the blank line ending an HTTP head in <paramref name="bytes"/>, or -1.</summary>
    protected static int EndOfHead(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf("\r\n\r\n"u8);
        return end < 0 ? -1 : end + 4;
    }

    /// <summary>Throws with the status line unless the head starts with <paramref name="expectedStatus"/>.</summary>
    protected static string CheckStatus(ReadOnlySpan<byte> head, string expectedStatus)
    {
        var text = Encoding.ASCII.GetString(head);
        if (!text.StartsWith($"HTTP/1.1 {expectedStatus}", StringComparison.Ordinal))
        {
            var firstLine = text.Split('\r', 2)[0];
            throw new IOException($"expected HTTP/1.1 {expectedStatus}, got '{firstLine}'.");
        }

        return text;
    }
}
