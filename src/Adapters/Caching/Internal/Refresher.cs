using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// Background refreshes and their backoff. The first call after an entry's soft moment starts one refresh; each answer
/// that brings no newer token (upstream failed, or handed back the same token) schedules the next attempt on the
/// scheduler after a bounded, jittered backoff, until the token's real expiry. While such an answer stands, the entry may
/// be served past its hard moment (see <see cref="AllowsFallback"/>).
/// </summary>
internal sealed class Refresher(
    Scheduler scheduler,
    RetryBackoff backoff,
    CachingTelemetry telemetry,
    ILogger logger,
    Func<WechatAppCredentials, TokenEntry, Task> fetch,
    Func<TokenEntry, bool> isHeld)
{
    private readonly ConcurrentDictionary<WechatCredentialsKey, RefreshJob> _jobs = new();
    private volatile bool _stopped;

    /// <summary>Whether the entry's last refresh failed (it is served stale).</summary>
    public bool IsFailing(TokenEntry entry) => Find(entry)?.IsFailing == true;

    /// <summary>
    /// Whether the entry may be served after its hard moment: upstream, asked since its soft moment, had nothing newer
    /// (it failed, or answered this same token), and the next attempt is spaced by the backoff.
    /// </summary>
    public bool AllowsFallback(TokenEntry entry) => Find(entry)?.HasAnswer == true;

    /// <summary>Starts the entry's one background refresh, unless it has one.</summary>
    public void EnsureStarted(TokenEntry entry, WechatAppCredentials credentials)
    {
        if (Find(entry) is not null)
        {
            return;
        }

        var job = Claim(entry, credentials, out var created);
        if (created)
        {
            Log.RefreshAheadStarted(logger, credentials.AppId, telemetry.SourceName);
            Attempt(job);
        }
    }

    /// <summary>
    /// Records that a fetch for the entry's app brought no newer token: it <paramref name="failed"/>, or handed back the
    /// same token. From here the entry may be served past its hard moment, and stale if it failed. Pass the result to
    /// <see cref="ScheduleNext"/>.
    /// </summary>
    public RefreshAnswer Record(TokenEntry entry, WechatAppCredentials credentials, bool failed)
    {
        var job = Claim(entry, credentials, out _);
        var (answers, recovered, schedule) = job.RecordAnswer(failed);
        return new RefreshAnswer(job, answers, failed, recovered, schedule);
    }

    /// <summary>Schedules the attempt after <paramref name="answer"/>, spaced by the backoff, unless the token expires first.</summary>
    public void ScheduleNext(RefreshAnswer answer, DateTimeOffset now)
    {
        if (!answer.Schedule)
        {
            return; // an attempt is already scheduled
        }

        var (job, appId) = (answer.Job, answer.Job.Credentials.AppId);
        var delay = backoff.Delay(answer.Answers);
        if (now + delay >= job.Entry.ExpiresAt)
        {
            job.Unschedule();
            Log.RefreshGivenUp(logger, appId, telemetry.SourceName, job.Entry.ExpiresAt);
            return;
        }

        if (!answer.Failed)
        {
            Log.TokenUnchanged(logger, telemetry.SourceName, appId, delay);
        }

        telemetry.Record(telemetry.RefreshRetryDelay, delay.TotalSeconds, appId);
        scheduler.Schedule(now + delay, job);
    }

    /// <summary>Drops the refresh of the entry held for <paramref name="key"/> unless it is <paramref name="keep"/>; returns it.</summary>
    public RefreshJob? ForgetOthers(WechatCredentialsKey key, TokenEntry? keep)
    {
        while (_jobs.TryGetValue(key, out var job) && !ReferenceEquals(job.Entry, keep))
        {
            if (_jobs.TryRemove(KeyValuePair.Create(key, job)))
            {
                job.Forget();
                return job;
            }
        }

        return null;
    }

    /// <summary>Drops the refresh of <paramref name="entry"/>; returns it.</summary>
    public RefreshJob? Forget(TokenEntry entry)
    {
        var job = Find(entry);
        if (job is not null && _jobs.TryRemove(KeyValuePair.Create(entry.Key, job)))
        {
            job.Forget();
            return job;
        }

        return null;
    }

    /// <summary>The app ids whose still-valid tokens are served while their refreshes fail.</summary>
    public List<string> FailingAppIds(DateTimeOffset now) =>
        [.. _jobs.Values
            .Where(j => j.IsFailing && !j.IsObsolete && now < j.Entry.ExpiresAt && isHeld(j.Entry))
            .Select(j => j.Entry.Key.AppId)];

    public void Stop()
    {
        _stopped = true;
        foreach (var job in _jobs.Values)
        {
            job.Forget();
        }

        _jobs.Clear();
    }

    /// <summary>Runs one attempt of <paramref name="job"/> in the background (joining a fetch already in flight).</summary>
    internal void Attempt(RefreshJob job)
    {
        if (_stopped || job.IsObsolete || !isHeld(job.Entry))
        {
            Forget(job.Entry);
            return;
        }

        telemetry.Add(telemetry.Refreshes, job.Credentials.AppId);

        // The attempt outlives the request that started it: do not capture its execution context.
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => RunAttemptAsync(job));
        }
    }

    private async Task RunAttemptAsync(RefreshJob job)
    {
        try
        {
            await fetch(job.Credentials, job.Entry).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Counted, logged and recorded (Record) by the fetch itself, and fail-safe keeps serving the entry; or the
            // decorator was disposed, which cancels fetches in flight.
        }
    }

    private RefreshJob? Find(TokenEntry entry) =>
        _jobs.TryGetValue(entry.Key, out var job) && ReferenceEquals(job.Entry, entry) ? job : null;

    private RefreshJob Claim(TokenEntry entry, WechatAppCredentials credentials, out bool created)
    {
        RefreshJob? job = null;
        while (true)
        {
            if (_jobs.TryGetValue(entry.Key, out var existing))
            {
                if (ReferenceEquals(existing.Entry, entry))
                {
                    created = false;
                    return existing;
                }

                job ??= new RefreshJob(this, entry, credentials);
                if (_jobs.TryUpdate(entry.Key, job, existing))
                {
                    existing.Forget();
                    created = true;
                    return job;
                }
            }
            else
            {
                job ??= new RefreshJob(this, entry, credentials);
                if (_jobs.TryAdd(entry.Key, job))
                {
                    created = true;
                    return job;
                }
            }
        }
    }
}
