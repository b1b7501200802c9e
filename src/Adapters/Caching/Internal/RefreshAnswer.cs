namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>An answer without a newer token, recorded on a refresh job (see <see cref="Refresher.Record"/>).</summary>
/// <param name="Job">The entry's refresh.</param>
/// <param name="Answers">How many such answers the entry has had, this one included: the backoff exponent.</param>
/// <param name="Failed">Whether this answer was a failure (else the same token).</param>
/// <param name="Recovered">Whether this answer ended a run of failures.</param>
/// <param name="Schedule">Whether the next attempt is to be scheduled (none is yet).</param>
internal readonly record struct RefreshAnswer(RefreshJob Job, int Answers, bool Failed, bool Recovered, bool Schedule);
