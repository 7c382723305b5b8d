using System.Text;
using Xunit;

namespace LiveDash.IntegrationTests.Gateway;

/// <summary>
/// <see cref="SseEventReader"/> against the WHATWG parsing rules (no I/O: in-memory streams). Every case runs
/// with the bytes delivered whole and one byte per read, so a CRLF or a UTF-8 sequence split across reads is covered.
/// </summary>
/// <remarks>They live beside the reader, which is an integration-test utility, rather than in the unit-test project.</remarks>
public sealed class SseEventReaderTests
{
    public static TheoryData<int> ChunkSizes => new() { int.MaxValue, 1 };

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task Read_LfCrLfAndCrLineEnds_AllEndLines(int chunk)
    {
        var events = await EventsAsync("data: a\n\ndata: b\r\n\r\ndata: c\r\rdata: d\r\n\n", chunk);

        Assert.Equal(["a", "b", "c", "d"], events.Select(e => e.Data));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task Read_CrThenLfInNextRead_IsOneLineEnd(int chunk)
    {
        // A lone CR ends a line; the LF right after it is part of the same line end, not a blank line.
        var events = await EventsAsync("data: a\r\ndata: b\r\n\r\n", chunk);

        Assert.Equal("a\nb", Assert.Single(events).Data);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task Read_FieldWithoutColon_HasEmptyValue(int chunk)
    {
        // "data" alone appends an empty line: the data buffer is "\n", not empty, so an event with empty data is dispatched.
        var events = await EventsAsync("data\n\nevent\ndata: x\n\n", chunk);

        Assert.Equal(2, events.Count);
        Assert.Equal(string.Empty, events[0].Data);
        Assert.Equal("message", events[1].Type);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task Read_LeadingSpace_OnlyOneIsRemoved(int chunk)
    {
        var events = await EventsAsync("data:  two spaces\ndata:none\nevent:  custom\n\n", chunk);

        var sseEvent = Assert.Single(events);
        Assert.Equal(" two spaces\nnone", sseEvent.Data);
        Assert.Equal(" custom", sseEvent.Type);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task Read_ValueWithColons_SplitsAtTheFirstOnly(int chunk)
    {
        var events = await EventsAsync("data: {\"a\":1}\nid: 5f2c09a1:kx8:2b\n\n", chunk);

        var sseEvent = Assert.Single(events);
        Assert.Equal("{\"a\":1}", sseEvent.Data);
        Assert.Equal("5f2c09a1:kx8:2b", sseEvent.LastEventId);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task Read_MultiLineData_JoinedWithLf_LastLfRemoved(int chunk)
    {
        var events = await EventsAsync("data: one\ndata: two\ndata:\ndata: four\n\n", chunk);

        Assert.Equal("one\ntwo\n\nfour", Assert.Single(events).Data);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task Read_Comments_ReportedInOrder_AndDoNotDispatch(int chunk)
    {
        var items = await ItemsAsync(": ping\n:no space\ndata: x\n: inside\n\n", chunk);

        Assert.Equal<SseItem>([new SseComment("ping"), new SseComment("no space"), new SseComment("inside"), new SseEvent("message", "x", string.Empty)], items);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task Read_IdWithNul_IsIgnored(int chunk)
    {
        var events = await EventsAsync("id: good\ndata: 1\n\nid: b\0d\ndata: 2\n\n", chunk);

        Assert.Equal(["good", "good"], events.Select(e => e.LastEventId));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task Read_IdPersists_UntilAnEmptyIdClearsIt(int chunk)
    {
        var events = await EventsAsync("id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\n", chunk);

        Assert.Equal(["7", "7", string.Empty], events.Select(e => e.LastEventId));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task Read_RetryWithNonDigits_IsIgnored(int chunk)
    {
        var reader = Reader("retry: 1500\n\nretry: 12a\nretry: -5\nretry: 2.5\nretry:\nretry:  300\ndata: x\n\n", chunk);

        var items = await DrainAsync(reader);

        Assert.Equal<SseItem>([new SseRetry(TimeSpan.FromMilliseconds(1500)), new SseEvent("message", "x", string.Empty)], items);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), reader.ReconnectionTime);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task Read_EventDispatchedOnlyAtBlankLine_UnterminatedLastEventDiscarded(int chunk)
    {
        var events = await EventsAsync("event: update\ndata: 1\n\nevent: update\ndata: 2\n", chunk);

        Assert.Equal("1", Assert.Single(events).Data);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task Read_BlankLineWithoutData_DispatchesNothing_AndResetsType(int chunk)
    {
        var events = await EventsAsync("event: lost\n\ndata: x\n\n", chunk);

        Assert.Equal(new SseEvent("message", "x", string.Empty), Assert.Single(events));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task Read_BomAtStart_Dropped_BomLater_Kept(int chunk)
    {
        var events = await EventsAsync("\uFEFFdata: a\n\ndata: \uFEFFb\n\n", chunk);

        Assert.Equal(["a", "\uFEFFb"], events.Select(e => e.Data));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task Read_UnknownFields_Ignored(int chunk)
    {
        var events = await EventsAsync("foo: bar\nData: no\ndata: yes\n\n", chunk);

        Assert.Equal("yes", Assert.Single(events).Data);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task Read_MultiByteUtf8SplitAcrossReads_Decoded(int chunk)
    {
        var events = await EventsAsync("data: 1–128 ✓ 😀\n\n", chunk);

        Assert.Equal("1–128 ✓ 😀", Assert.Single(events).Data);
    }

    [Fact]
    public async Task Read_EndOfStream_ReturnsNullRepeatedly()
    {
        var reader = Reader("data: x\n\n", int.MaxValue);

        Assert.NotNull(await reader.ReadEventAsync());
        Assert.Null(await reader.ReadEventAsync());
        Assert.Null(await reader.ReadAsync());
    }

    private static async Task<List<SseEvent>> EventsAsync(string text, int chunk)
        => [.. (await DrainAsync(Reader(text, chunk))).OfType<SseEvent>()];

    private static Task<List<SseItem>> ItemsAsync(string text, int chunk) => DrainAsync(Reader(text, chunk));

    private static async Task<List<SseItem>> DrainAsync(SseEventReader reader)
    {
        var items = new List<SseItem>();
        while (await reader.ReadAsync() is { } item)
        {
            items.Add(item);
        }

        return items;
    }

    private static SseEventReader Reader(string text, int chunk) => new(new ChunkedStream(Encoding.UTF8.GetBytes(text), chunk));

    /// <summary>A read-only stream that hands out at most <c>chunk</c> bytes per read.</summary>
    private sealed class ChunkedStream(byte[] bytes, int chunk) : MemoryStream(bytes, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
