using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LiveDash.Gateway.Ingest;

/// <summary>
/// A request body read whole into a pooled buffer, with a byte limit enforced while reading: a body
/// over the limit is detected from <c>Content-Length</c> before anything is read, and for chunked
/// bodies after at most limit + 1 bytes, never buffered in full. Dispose returns the buffer.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private const int InitialBufferBytes = 16 * 1024;
    private static readonly byte[] s_utf8Bom = [0xEF, 0xBB, 0xBF];

    private byte[]? _buffer;
    private readonly int _length;

    private RequestBody(byte[]? buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    /// <summary>The body, without a leading UTF-8 byte order mark.</summary>
    public ReadOnlySpan<byte> Span
    {
        get
        {
            var span = _buffer is null ? [] : _buffer.AsSpan(0, _length);
            return span.StartsWith(s_utf8Bom) ? span[s_utf8Bom.Length..] : span;
        }
    }

    /// <summary>Reads the body; null when it is longer than <paramref name="limitBytes"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="limitBytes">The most bytes accepted (at most 1 GiB, <see cref="IngestOptionsValidator"/>).</param>
    /// <param name="cancellationToken">The request's abort token.</param>
    /// <returns>The body, or null when over the limit.</returns>
    public static async Task<RequestBody?> ReadAsync(HttpRequest request, long limitBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limitBytes)
        {
            return null;
        }

        // Kestrel's own limit (30 MB by default) must not answer first, with a bare 413 or before our
        // limit when it is larger; ours is enforced below, also where no server limit exists (TestServer).
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            serverLimit.MaxRequestBodySize = limitBytes + 1;
        }

        var readLimit = (int)limitBytes + 1;
        var initial = request.ContentLength is { } length ? (int)length + 1 : Math.Min(InitialBufferBytes, readLimit);
        var buffer = ArrayPool<byte>.Shared.Rent(initial);
        var total = 0;
        try
        {
            while (true)
            {
                if (total == buffer.Length)
                {
                    var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, readLimit));
                    buffer.AsSpan(0, total).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = grown;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(total, Math.Min(buffer.Length, readLimit) - total), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > limitBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return new RequestBody(buffer, total);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
