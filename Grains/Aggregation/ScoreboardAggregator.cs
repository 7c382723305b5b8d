namespace LiveDash.Grains.Aggregation;

/// <summary>
/// The state of one scoreboard: title, entries with integer scores, and the batch ids it applied
/// recently. A scoreboard grain is a thin wrapper around it: it loads it with
/// <see cref="FromState"/> and <see cref="Replay"/>, calls <see cref="Record"/>, <see cref="Snapshot"/> and
/// <see cref="TakeDelta"/>, journals what <see cref="Record"/> returns and snapshots <see cref="ToState"/>.
/// </summary>
/// <remarks>
/// <para><b>Ranking.</b> Entries are ordered by score, highest first, with standard competition
/// ranks (1, 2, 2, 4). Entries with equal scores are ordered by when they reached that score,
/// earliest first: every score change stamps the entry with the next value of a per-board
/// sequence number. So an entry that joins a tie is listed after the entries already holding the
/// score, and a tie never reorders entries that held it before — a live table does not shuffle
/// rows whose scores did not change. Setting an entry to the score it already has is not a change.
/// Within one command, changes take effect in the order the command lists them, set before add.</para>
/// <para><b>Deltas.</b> The aggregator remembers the board readers were last given (the baseline)
/// and <see cref="TakeDelta"/> returns what changed since, then makes the current board the
/// baseline: the grain publishes <c>TakeDelta()</c> on a flush when it is not null, and a snapshot
/// for readers is a flush followed by <see cref="Snapshot"/>. A board has no time-driven values,
/// so nothing changes between commands. Entries are never removed (no command removes one), so a
/// delta only inserts and updates. The baseline starts as the empty board, or as the loaded one
/// after <see cref="FromState"/>.</para>
/// <para>Not thread-safe: the owning activation runs one turn at a time. Deterministic in
/// (state, command, nowMs), so a journal of commands replays to the same board.</para>
/// </remarks>
internal sealed class ScoreboardAggregator
{
    private readonly ScoreboardGrainOptions _options;
    private readonly Dictionary<string, (long Score, long Sequence)> _entries = new(StringComparer.Ordinal);
    private readonly RecentBatchIds _batchIds;
    private long _lastSequence;

    // The snapshot is immutable, so it is built once per change and shared by every reader.
    private BoardSnapshot? _snapshot;

    // The board readers were last given, and each entry's index in it (built on first use).
    private BoardSnapshot _published;
    private Dictionary<string, int>? _publishedIndexes;

    /// <summary>Creates an empty board.</summary>
    /// <param name="board">The board id (the grain key).</param>
    /// <param name="options">The limits; validated here so a misconfigured grain fails at activation.</param>
    /// <exception cref="ArgumentException"><paramref name="board"/> is not a valid id.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException"><paramref name="options"/> is invalid.</exception>
    public ScoreboardAggregator(string board, ScoreboardGrainOptions options)
        : this(board, options, batchIds: null)
    {
    }

    private ScoreboardAggregator(string board, ScoreboardGrainOptions options, RecentBatchIds? batchIds)
    {
        if (!TopicNames.IsValidName(board))
        {
            throw new ArgumentException(
                $"'{board}' is not a valid board id: use 1–{TopicNames.MaxLength} characters of {TopicNames.AllowedCharactersDescription}.",
                nameof(board));
        }

        ScoreboardGrainOptionsValidator.ThrowIfInvalid(options);
        Board = board;
        _options = options;
        _batchIds = batchIds ?? new RecentBatchIds(options.BatchIdRetention, options.MaxRememberedBatchIds);
        _published = BuildSnapshot();
    }

    /// <summary>The board id.</summary>
    public string Board { get; }

    /// <summary>The title; empty until a command sets one.</summary>
    public string Title { get; private set; } = string.Empty;

    /// <summary>How many entries the board holds.</summary>
    public int EntryCount => _entries.Count;

    /// <summary>Whether a command with <paramref name="batchId"/> was applied within the retention period.</summary>
    public bool IsDuplicate(string? batchId, long nowMs) => batchId is not null && _batchIds.Contains(batchId, nowMs);

    /// <summary>Checks a command without applying anything.</summary>
    /// <exception cref="InvalidGrainInputException">The batch id, title or an entry id is invalid, or an addition overflows.</exception>
    /// <exception cref="BoardEntryLimitExceededException">The command would create more entries than allowed.</exception>
    public void Validate(BoardCommand command) => Resolve(command);

    /// <summary>
    /// Applies a command all-or-nothing. A duplicate batch id changes nothing and returns false;
    /// otherwise the command is validated whole, then the title and scores change and the batch
    /// id is remembered.
    /// </summary>
    /// <param name="command">The command.</param>
    /// <param name="nowMs">The grain's clock, Unix milliseconds (for batch id retention).</param>
    /// <returns>True when applied, false for a duplicate.</returns>
    /// <exception cref="InvalidGrainInputException">The command is invalid; nothing was applied.</exception>
    /// <exception cref="BoardEntryLimitExceededException">The command would create more entries than allowed; nothing was applied.</exception>
    public bool Apply(BoardCommand command, long nowMs) => Record(command, nowMs) is not null;

    /// <summary>
    /// Applies a command as <see cref="Apply"/> does and returns the journal entry that replays it:
    /// the command resolved to each touched entry's final score, in the order it applied them.
    /// </summary>
    /// <param name="command">The command.</param>
    /// <param name="nowMs">The grain's clock, Unix milliseconds (for batch id retention).</param>
    /// <returns>The entry for <see cref="Replay"/>, or null for a duplicate (nothing changed).</returns>
    /// <exception cref="InvalidGrainInputException">The command is invalid; nothing was applied.</exception>
    /// <exception cref="BoardEntryLimitExceededException">The command would create more entries than allowed; nothing was applied.</exception>
    public ScoreboardJournalEntry? Record(BoardCommand command, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (IsDuplicate(command.BatchId, nowMs))
        {
            return null;
        }

        var changes = Resolve(command);
        var entry = new ScoreboardJournalEntry
        {
            NowMs = nowMs,
            BatchId = command.BatchId,
            Title = command.Title,
            EntryIds = changes.ConvertAll(change => change.Key).ToArray(),
            Scores = changes.ConvertAll(change => change.Value).ToArray(),
        };
        ApplyResolved(entry);
        return entry;
    }

    /// <summary>
    /// Applies an entry <see cref="Record"/> returned earlier, to rebuild the board it led to. Nothing
    /// is checked: the command was validated and acknowledged then, and a lowered entry limit or batch-id
    /// retention must not undo it, so it is neither rejected nor taken for a duplicate. Because the entry
    /// holds final scores in application order, replaying gives the same scores and tie order.
    /// </summary>
    /// <exception cref="InvalidDataException">The entry's ids and scores differ in length or hold an invalid id.</exception>
    public void Replay(ScoreboardJournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.EntryIds is not { } ids || entry.Scores is not { } scores || scores.Length != ids.Length || !Array.TrueForAll(ids, TopicNames.IsValidName))
        {
            throw new InvalidDataException(
                $"A journal entry of board '{Board}' is inconsistent: {entry.EntryIds?.Length} entry ids, {entry.Scores?.Length} scores, or an invalid id.");
        }

        ApplyResolved(entry);
    }

    private void ApplyResolved(ScoreboardJournalEntry resolved)
    {
        for (var i = 0; i < resolved.EntryIds.Length; i++)
        {
            var (id, score) = (resolved.EntryIds[i], resolved.Scores[i]);
            if (!_entries.TryGetValue(id, out var entry) || entry.Score != score)
            {
                _entries[id] = (score, ++_lastSequence);
                _snapshot = null;
            }
        }

        if (resolved.Title is { } title && title != Title)
        {
            Title = title;
            _snapshot = null;
        }

        if (resolved.BatchId is { } batchId)
        {
            _batchIds.Remember(batchId, resolved.NowMs);
        }
    }

    /// <summary>The board, ranked (see the remarks).</summary>
    public BoardSnapshot Snapshot() => _snapshot ??= BuildSnapshot();

    /// <summary>
    /// What changed since the last delta (or since the board was created or loaded): the title when
    /// it differs, and every entry whose score, rank or index differs, new entries included, in
    /// ranked order. Afterwards the current board is the baseline. Applied to the previous
    /// <see cref="Snapshot"/> (with <see cref="BoardSnapshot.Apply"/>), it gives the current one.
    /// </summary>
    /// <returns>The delta, or null when readers already hold the current board.</returns>
    /// <remarks>O(entries) after a change, besides ranking the board for its snapshot; O(1) when nothing changed.</remarks>
    public BoardDelta? TakeDelta()
    {
        var current = Snapshot();
        if (ReferenceEquals(current, _published))
        {
            return null;
        }

        var indexes = _publishedIndexes ??= IndexesOf(_published);
        var held = _published.Entries;
        var entries = current.Entries;
        List<BoardEntryChange>? changes = null;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (!indexes.TryGetValue(entry.Id, out var index) || index != i || held[index].Score != entry.Score || held[index].Rank != entry.Rank)
            {
                (changes ??= []).Add(new BoardEntryChange(entry.Id, entry.Score, entry.Rank, i));
            }
        }

        // Entries not listed kept their index, so updating the listed ones keeps the map exact.
        foreach (var change in changes ?? [])
        {
            indexes[change.Id] = change.Index;
        }

        var title = string.Equals(current.Title, _published.Title, StringComparison.Ordinal) ? null : current.Title;
        _published = current;
        return changes is null && title is null ? null : new BoardDelta(Board, title, changes is null ? [] : [.. changes]);
    }

    /// <summary>
    /// Makes the current board the baseline without returning a delta: for when readers were just
    /// given <see cref="Snapshot"/> some other way. The same as <see cref="TakeDelta"/> with its result dropped.
    /// </summary>
    public void MarkPublished() => TakeDelta();

    /// <summary>
    /// Forgets what readers hold, so the next <see cref="TakeDelta"/> lists the title and every entry
    /// with its place: for after the board was rebuilt from storage mid-life (a failed write rolled
    /// back), when readers may lack changes that were stored but not yet published.
    /// </summary>
    public void ForgetPublished()
    {
        _published = new BoardSnapshot(Board, string.Empty, []);
        _publishedIndexes = null;
    }

    /// <summary>Captures the board for storage, entries in ranked order; the state shares nothing with the aggregator.</summary>
    public ScoreboardGrainState ToState()
    {
        var ranked = Ranked();
        return new ScoreboardGrainState
        {
            Title = Title,
            EntryIds = Array.ConvertAll(ranked, entry => entry.Key),
            Scores = Array.ConvertAll(ranked, entry => entry.Value.Score),
            Sequences = Array.ConvertAll(ranked, entry => entry.Value.Sequence),
            LastSequence = _lastSequence,
            BatchIds = _batchIds.ToState(),
        };
    }

    /// <summary>
    /// Rebuilds a board from stored state (a new <see cref="ScoreboardGrainState"/> gives an empty
    /// board). A lowered entry limit keeps existing entries but admits no new ones.
    /// </summary>
    /// <exception cref="InvalidDataException">The state is from a newer layout or is inconsistent.</exception>
    public static ScoreboardAggregator FromState(string board, ScoreboardGrainOptions options, ScoreboardGrainState state)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(state);
        if (state.SchemaVersion != ScoreboardGrainState.CurrentSchemaVersion)
        {
            throw new InvalidDataException(
                $"Stored state of board '{board}' has layout version {state.SchemaVersion}; this code reads version {ScoreboardGrainState.CurrentSchemaVersion}.");
        }

        var ids = state.EntryIds ?? [];
        var scores = state.Scores ?? [];
        var sequences = state.Sequences ?? [];
        if (scores.Length != ids.Length || sequences.Length != ids.Length)
        {
            throw new InvalidDataException(
                $"Stored state of board '{board}' is inconsistent: {ids.Length} entry ids, {scores.Length} scores, {sequences.Length} sequences.");
        }

        var batchIds = RecentBatchIds.FromState(state.BatchIds, options.BatchIdRetention, options.MaxRememberedBatchIds);
        var aggregator = new ScoreboardAggregator(board, options, batchIds) { Title = state.Title ?? string.Empty };
        var lastSequence = state.LastSequence;
        for (var i = 0; i < ids.Length; i++)
        {
            if (!TopicNames.IsValidName(ids[i]) || !aggregator._entries.TryAdd(ids[i], (scores[i], sequences[i])))
            {
                throw new InvalidDataException($"Stored state of board '{board}' has an invalid or repeated entry id at {i}.");
            }

            lastSequence = Math.Max(lastSequence, sequences[i]);
        }

        // Never hand out a sequence number an entry already holds, even if the counter was stored stale.
        aggregator._lastSequence = lastSequence;

        // Readers of a reloaded board start again from a snapshot of what was loaded.
        aggregator._published = aggregator.Snapshot();
        return aggregator;
    }

    /// <summary>Validates <paramref name="command"/> and returns each touched entry's final score, in first-touch order.</summary>
    private List<KeyValuePair<string, long>> Resolve(BoardCommand command)
    {
        BoardCommandValidator.Validate(command, _options);
        var order = new List<string>();
        var pending = new Dictionary<string, long>(StringComparer.Ordinal);
        if (command.Set is { } set)
        {
            foreach (var (id, score) in set)
            {
                if (pending.TryAdd(id, score))
                {
                    order.Add(id);
                }
            }
        }

        if (command.Add is { } add)
        {
            foreach (var (id, delta) in add)
            {
                var current = pending.TryGetValue(id, out var pendingScore)
                    ? pendingScore
                    : _entries.TryGetValue(id, out var entry) ? entry.Score : 0;
                if (!TryAdd(current, delta, out var result))
                {
                    throw new InvalidGrainInputException(
                        $"adding {delta} to entry '{id}' (score {current}) overflows the score range [{long.MinValue}, {long.MaxValue}]; send a smaller amount or set the score");
                }

                if (pending.TryAdd(id, result))
                {
                    order.Add(id);
                }
                else
                {
                    pending[id] = result;
                }
            }
        }

        var newEntries = 0;
        foreach (var id in order)
        {
            if (!_entries.ContainsKey(id))
            {
                newEntries++;
            }
        }

        if (_entries.Count + newEntries > _options.MaxEntries)
        {
            throw new BoardEntryLimitExceededException(Board, _options.MaxEntries, _entries.Count + newEntries);
        }

        return order.ConvertAll(id => KeyValuePair.Create(id, pending[id]));
    }

    private static bool TryAdd(long current, long delta, out long result)
    {
        result = unchecked(current + delta);

        // Overflow happened when both operands have the same sign and the result's sign differs.
        return ((current ^ result) & (delta ^ result)) >= 0;
    }

    private KeyValuePair<string, (long Score, long Sequence)>[] Ranked()
    {
        var ranked = _entries.ToArray();
        Array.Sort(ranked, static (a, b) =>
        {
            var byScore = b.Value.Score.CompareTo(a.Value.Score);
            if (byScore != 0)
            {
                return byScore;
            }

            // Sequences are unique in a consistent board; the id keeps the order total regardless.
            var bySequence = a.Value.Sequence.CompareTo(b.Value.Sequence);
            return bySequence != 0 ? bySequence : string.CompareOrdinal(a.Key, b.Key);
        });
        return ranked;
    }

    private static Dictionary<string, int> IndexesOf(BoardSnapshot board)
    {
        var indexes = new Dictionary<string, int>(board.Entries.Count, StringComparer.Ordinal);
        for (var i = 0; i < board.Entries.Count; i++)
        {
            indexes.Add(board.Entries[i].Id, i);
        }

        return indexes;
    }

    private BoardSnapshot BuildSnapshot()
    {
        var ranked = Ranked();
        var entries = new BoardEntry[ranked.Length];
        for (var i = 0; i < ranked.Length; i++)
        {
            var score = ranked[i].Value.Score;

            // Competition ranking: a tie shares the rank of its first member; the next score skips.
            var rank = i > 0 && entries[i - 1].Score == score ? entries[i - 1].Rank : i + 1;
            entries[i] = new BoardEntry(ranked[i].Key, score, rank);
        }

        return new BoardSnapshot(Board, Title, entries);
    }
}
