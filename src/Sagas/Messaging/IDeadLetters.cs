namespace Sagas;

/// <summary>
/// The messages the workers could not handle, kept aside with their reasons: listed, read in full,
/// replayed to the stream and consumer group they came from, or deleted. The transports keep them
/// (in memory, or the Redis dead-letter stream); resolve this from the container.
/// </summary>
public interface IDeadLetters
{
    /// <summary>The dead letters matching <paramref name="query"/>, newest first.</summary>
    /// <param name="query">What to match, and the page.</param>
    /// <param name="cancellationToken">Stops waiting for the transport.</param>
    ValueTask<IReadOnlyList<DeadLetterEntry>> ListAsync(DeadLetterQuery query, CancellationToken cancellationToken);

    /// <summary>One dead letter; <see langword="null"/> when none has that id (it was replayed or deleted).</summary>
    /// <param name="id">The dead letter's id (<see cref="DeadLetterEntry.Id"/>).</param>
    /// <param name="cancellationToken">Stops waiting for the transport.</param>
    ValueTask<DeadLetterEntry?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Puts a dead letter back where it came from, to be handled again, marked as replayed by
    /// <paramref name="replayedBy"/>; it leaves the dead letters only once republished, in the same step.
    /// Handlers that took the message before see it as the duplicate it is (their inbox), so replaying is safe.
    /// </summary>
    /// <returns><see langword="false"/> when no dead letter has that id.</returns>
    ValueTask<bool> ReplayAsync(string id, string replayedBy, CancellationToken cancellationToken);

    /// <summary>
    /// Replays every dead letter matching <paramref name="query"/>'s filters (its paging is ignored),
    /// oldest last as listed, one at a time; returns how many were replayed.
    /// </summary>
    async ValueTask<int> ReplayAllAsync(DeadLetterQuery query, string replayedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var replayed = 0;
        while (true)
        {
            // Replayed ones leave the list, so the first page is always the next.
            var page = await ListAsync(query with { Skip = 0, Take = 100 }, cancellationToken).ConfigureAwait(false);
            var before = replayed;
            foreach (var entry in page)
            {
                replayed += await ReplayAsync(entry.Id, replayedBy, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }

            if (page.Count < 100 || replayed == before)
            {
                return replayed;
            }
        }
    }

    /// <summary>Deletes a dead letter for good.</summary>
    /// <returns><see langword="false"/> when no dead letter has that id.</returns>
    ValueTask<bool> DeleteAsync(string id, string deletedBy, CancellationToken cancellationToken);
}

/// <summary>Which dead letters to list. Every filter that is set must match.</summary>
public sealed record DeadLetterQuery
{
    /// <summary>Only messages of this wire name.</summary>
    public string? MessageType { get; init; }

    /// <summary>Only those whose reason contains this text (ordinal, ignoring case).</summary>
    public string? Reason { get; init; }

    /// <summary>Only those the service (consumer group) of this name dead-lettered.</summary>
    public string? Service { get; init; }

    /// <summary>How many matching ones to skip, for paging.</summary>
    public int Skip { get; init; }

    /// <summary>How many to return at most.</summary>
    public int Take { get; init; } = 50;

    /// <summary>Whether <paramref name="entry"/> matches the filters.</summary>
    public bool Matches(DeadLetterEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (MessageType is null || entry.MessageType == MessageType)
            && (Reason is null || entry.Reason.Contains(Reason, StringComparison.OrdinalIgnoreCase))
            && (Service is null || entry.Service == Service);
    }
}

/// <summary>One dead letter.</summary>
/// <param name="Id">Its id among the dead letters (a Redis stream entry id).</param>
/// <param name="MessageId">The message's id.</param>
/// <param name="MessageType">The message's wire name.</param>
/// <param name="CorrelationId">The message's correlation id, if any.</param>
/// <param name="Reason">Why it could not be handled.</param>
/// <param name="ExceptionType">The type of the error thrown, if one was.</param>
/// <param name="Error">The error in full (message and stack trace), if one was thrown.</param>
/// <param name="Service">The service (consumer group) that dead-lettered it, if the transport has groups.</param>
/// <param name="Source">Where it was read from (a Redis stream's key), if the transport says.</param>
/// <param name="At">When it was dead-lettered.</param>
/// <param name="Body">The message as JSON, as it travelled.</param>
public sealed record DeadLetterEntry(
    string Id,
    string MessageId,
    string MessageType,
    string? CorrelationId,
    string Reason,
    string? ExceptionType,
    string? Error,
    string? Service,
    string? Source,
    DateTimeOffset At,
    string Body);
