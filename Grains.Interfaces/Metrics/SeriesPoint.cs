using System.Text.Json.Serialization;

namespace LiveDash.Grains;

/// <summary>
/// The average of a series' samples stamped within one second. On the wire it is the
/// two-element array <c>[tsSecond, avg]</c>, the columnar shape a chart consumes directly
/// and a third of the bytes of an object.
/// </summary>
/// <param name="TsSecond">The second, Unix seconds (sample timestamp in ms, floored to the second).</param>
/// <param name="Avg">Sum of the second's values divided by their count.</param>
[JsonConverter(typeof(SeriesPointJsonConverter))]
public readonly record struct SeriesPoint(long TsSecond, double Avg);
