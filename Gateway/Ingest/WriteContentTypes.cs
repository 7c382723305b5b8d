using Microsoft.Net.Http.Headers;

namespace LiveDash.Gateway.Ingest;

/// <summary>Classifies <c>Content-Type</c> headers.</summary>
internal static class WriteContentTypes
{
    /// <summary>
    /// <c>application/json</c> or <c>text/plain</c>, case-insensitive, with any parameters; a
    /// <c>charset</c> parameter must name UTF-8 (the only encoding the parsers read).
    /// </summary>
    public static WriteContentType Classify(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return WriteContentType.Unsupported;
        }

        var charset = HeaderUtilities.RemoveQuotes(parsed.Charset);
        if (charset.HasValue
            && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return WriteContentType.Unsupported;
        }

        if (parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return WriteContentType.Json;
        }

        return parsed.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase) ? WriteContentType.LineProtocol : WriteContentType.Unsupported;
    }
}
