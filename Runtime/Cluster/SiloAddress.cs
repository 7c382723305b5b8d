using System.Globalization;

namespace LiveDash.Runtime;

/// <summary>
/// Where a silo listens, and which incarnation it is: host, port and generation (the start time in
/// Unix milliseconds). A silo restarted on the same port is a new member with a new generation, so
/// nothing addressed to the old incarnation ever reaches the new one by mistake.
/// </summary>
public sealed record SiloAddress
{
    /// <summary>Creates an address; <paramref name="host"/> is an IP literal or a host name.</summary>
    public SiloAddress(string host, int port, long generation)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        Host = host;
        Port = port;
        Generation = generation;
    }

    /// <summary>The host the silo listens on.</summary>
    public string Host { get; }

    /// <summary>The silo-to-silo TCP port.</summary>
    public int Port { get; }

    /// <summary>The incarnation: the silo's start time in Unix milliseconds.</summary>
    public long Generation { get; }

    /// <summary>Formats as <c>host:port@generation</c>, the form <see cref="Parse"/> reads.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}@{Generation}");

    /// <summary>Reads the <c>host:port@generation</c> form.</summary>
    public static SiloAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.LastIndexOf('@');
        var colon = at > 0 ? text.LastIndexOf(':', at - 1) : -1;
        if (colon <= 0
            || !int.TryParse(text.AsSpan(colon + 1, at - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || !long.TryParse(text.AsSpan(at + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var generation)
            || port is < 1 or > 65535)
        {
            throw new FormatException($"'{text}' is not a silo address of the form host:port@generation.");
        }

        return new SiloAddress(text[..colon], port, generation);
    }
}
