namespace LiveDash.Grains;

/// <summary>The check for free text (tag values, board titles) that must survive any transport unchanged.</summary>
internal static class PrintableText
{
    /// <summary>
    /// Whether <paramref name="value"/> has no control characters (C0, DEL, C1) and no unpaired
    /// UTF-16 surrogates. Control characters break line-oriented formats (SSE, logs) and an
    /// unpaired surrogate cannot be encoded as UTF-8.
    /// </summary>
    public static bool IsPrintable(ReadOnlySpan<char> value)
    {
        // The range scans are vectorised; the surrogate walk runs only for text outside the BMP.
        if (value.IndexOfAnyInRange('\u0000', '\u001F') >= 0 || value.IndexOfAnyInRange('\u007F', '\u009F') >= 0)
        {
            return false;
        }

        var first = value.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return true;
        }

        for (var i = first; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
