using System.Buffers;
using System.Globalization;

namespace LiveDash.Gateway.Ingest;

/// <summary>Line-protocol field values and timestamps: their types and their conversion.</summary>
internal static class LineProtocolValues
{
    private static readonly SearchValues<byte> s_floatBytes = SearchValues.Create("0123456789+-.eE"u8);

    /// <summary>The type of an unquoted field value.</summary>
    internal enum Kind
    {
        Invalid,
        Number,
        OutOfRange,
        String,
        Boolean,
    }

    /// <summary>Division rounding toward negative infinity, so a nanosecond before the epoch is millisecond -1, not 0.</summary>
    public static long FloorDivide(long value, long divisor)
    {
        var (quotient, remainder) = Math.DivRem(value, divisor);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    /// <summary>
    /// The type of an unquoted field value: a float (digits, sign, point and exponent only), an integer
    /// (<c>1i</c>) or an unsigned integer (<c>1u</c>) as <paramref name="value"/>, or a boolean.
    /// </summary>
    public static Kind Classify(ReadOnlySpan<byte> token, out double value)
    {
        value = 0;
        if (token.IsEmpty)
        {
            return Kind.Invalid;
        }

        switch (token[^1])
        {
            case (byte)'i':
                return ClassifyInteger(token[..^1], signed: true, out value);
            case (byte)'u':
                return ClassifyInteger(token[..^1], signed: false, out value);
        }

        if (token.SequenceEqual("t"u8) || token.SequenceEqual("T"u8) || token.SequenceEqual("true"u8) || token.SequenceEqual("True"u8) || token.SequenceEqual("TRUE"u8)
            || token.SequenceEqual("f"u8) || token.SequenceEqual("F"u8) || token.SequenceEqual("false"u8) || token.SequenceEqual("False"u8) || token.SequenceEqual("FALSE"u8))
        {
            return Kind.Boolean;
        }

        // Digits, sign, point and exponent only: no NaN, Infinity or whitespace, which double.TryParse would take.
        if (token.IndexOfAnyInRange((byte)'0', (byte)'9') < 0 || token.IndexOfAnyExcept(s_floatBytes) >= 0)
        {
            return Kind.Invalid;
        }

        // Overflow (1e400) parses to ±Infinity, which validation rejects as not finite.
        return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value) ? Kind.Number : Kind.Invalid;
    }

    private static Kind ClassifyInteger(ReadOnlySpan<byte> digits, bool signed, out double value)
    {
        value = 0;
        var unsigned = signed && !digits.IsEmpty && digits[0] == (byte)'-' ? digits[1..] : digits;
        if (unsigned.IsEmpty || unsigned.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return Kind.Invalid;
        }

        if (signed)
        {
            if (!long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return Kind.OutOfRange;
            }

            value = integer;
            return Kind.Number;
        }

        if (!ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var natural))
        {
            return Kind.OutOfRange;
        }

        value = natural;
        return Kind.Number;
    }
}
