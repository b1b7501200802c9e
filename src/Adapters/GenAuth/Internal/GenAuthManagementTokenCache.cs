using System.Diagnostics.Metrics;
using System.Text.Json;
using GenAuth.Hexagonal.Internal;
using Microsoft.Extensions.Logging;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>
/// Holds the management token of the configured access key (<c>/api/v3/get-management-token</c>), one refresh at a time:
/// <list type="bullet">
/// <item>before its refresh moment (5 minutes, or a fifth of its lifetime, before expiry) the held token is sent as it is;</item>
/// <item>from then on the first request starts one background refresh and every request keeps sending the held token until
/// it is no longer usable (<c>min(30 s, a tenth of its lifetime)</c> before expiry): nobody waits while a valid token is held;</item>
/// <item>without a usable token, requests wait for the one refresh in flight and share its outcome;</item>
/// <item>after a failed refresh the next one is due only after a backoff (1 s, doubling to 30 s): until then requests get
/// the held token while it is usable, else the failed refresh's error, and no request goes to GenAuth.</item>
/// </list>
/// The token belongs to the access key (and host) it was fetched with: a reload that changes <c>AccessKeyId</c>,
/// <c>AccessKeySecret</c> or <c>Host</c> drops it, and the next request fetches one for the new key at once. Unlike the
/// official SDKs, it never sends an expired token.
/// </summary>
internal sealed class GenAuthManagementTokenCache : IDisposable
{
    /// <summary>The first delay after a failed refresh; it doubles with each further failure.</summary>
    internal static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between two failed refreshes.</summary>
    internal static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>The longest <c>scoped_userpool_id</c> sent as a header.</summary>
    private const int MaxUserPoolIdLength = 256;

    private readonly Func<IGenAuthManagementApi> _api;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SourceTelemetry _telemetry;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private Held? _held;
    private Refresh? _refresh;
    private Failure? _failure;
    private int _fetchCount;
    private int _claimRejectionLogged;

    public GenAuthManagementTokenCache(
        Func<IGenAuthManagementApi> api, TimeProvider timeProvider, ILogger<GenAuthManagementTokenCache> logger, IMeterFactory? meterFactory)
    {
        _api = api;
        _timeProvider = timeProvider;
        _logger = logger;
        _telemetry = new SourceTelemetry(meterFactory, GenAuthRegistration.SourceName);
    }

    /// <summary>How many times a management token was fetched (successfully or not).</summary>
    public int FetchCount => Volatile.Read(ref _fetchCount);

    /// <summary>The management token for the access key of <paramref name="options"/>.</summary>
    /// <param name="options">The options of the fetch that needs it (one snapshot per fetch).</param>
    /// <param name="cancellationToken">Ends this caller's wait; the shared refresh goes on for the others.</param>
    /// <exception cref="WechatTokenException">No usable token is held and the refresh failed (or failed last time, and the next one is not due yet).</exception>
    public async ValueTask<GenAuthManagementToken> GetAsync(GenAuthOptions options, CancellationToken cancellationToken)
    {
        var key = AccessKey.Of(options);
        var held = Volatile.Read(ref _held);
        if (held is not null && _timeProvider.GetUtcNow() < held.Token.RefreshAt && held.Key.Equals(key))
        {
            return held.Token;
        }

        Task<GenAuthManagementToken> outcome;
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            held = _held;
            if (held is not null && !held.Key.Equals(key))
            {
                // Fetched for another access key (rotated, or the host changed): never sent again.
                _held = held = null;
                Log.ManagementTokenDroppedForNewKey(_logger);
            }

            if (held is not null && now < held.Token.RefreshAt)
            {
                return held.Token;
            }

            var usable = held is not null && now < held.Token.UsableUntil;
            if (_refresh is null || !_refresh.Key.Equals(key))
            {
                if (_failure is { } failure && failure.Key.Equals(key) && now < failure.NextAttempt)
                {
                    if (usable)
                    {
                        return held!.Token;
                    }

                    // The last refresh's error, shared by everybody until the next attempt is due: no request meanwhile.
                    outcome = failure.Outcome;
                }
                else
                {
                    _refresh = Start(options, key);
                    outcome = _refresh.Task;
                }
            }
            else
            {
                outcome = _refresh.Task;
            }

            if (usable)
            {
                return held!.Token;
            }
        }

        return await outcome.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops <paramref name="rejected"/> if it is still the held token, so the next request fetches a new one.</summary>
    public void Invalidate(GenAuthManagementToken rejected)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_held?.Token, rejected))
            {
                _held = null;
            }
        }
    }

    /// <summary>Cancels a refresh in flight; later requests get an <see cref="OperationCanceledException"/>.</summary>
    public void Dispose() => _disposed.Cancel();

    /// <summary>Starts one refresh in the background (not on the caller's thread, which holds the lock).</summary>
    private Refresh Start(GenAuthOptions options, AccessKey key)
    {
        Interlocked.Increment(ref _fetchCount);
        var refresh = new Refresh(key);
        refresh.Task = Observed(Task.Run(() => RunAsync(options, refresh)));
        return refresh;
    }

    private async Task<GenAuthManagementToken> RunAsync(GenAuthOptions options, Refresh refresh)
    {
        try
        {
            var token = await FetchAsync(options, _disposed.Token).ConfigureAwait(false);
            lock (_gate)
            {
                if (ReferenceEquals(_refresh, refresh))
                {
                    _refresh = null;
                    _held = new Held(refresh.Key, token);
                    _failure = null;
                }
            }

            return token;
        }
        catch (Exception ex) when (ex is WechatTokenException || !_disposed.IsCancellationRequested)
        {
            lock (_gate)
            {
                if (ReferenceEquals(_refresh, refresh))
                {
                    _refresh = null;
                    var failures = _failure is { } previous && previous.Key.Equals(refresh.Key) ? previous.Failures + 1 : 1;
                    var delay = Backoff(failures);
                    _failure = new Failure(refresh.Key, failures, _timeProvider.GetUtcNow() + delay, Observed(Task.FromException<GenAuthManagementToken>(ex)));
                    if (_held is { } held && _timeProvider.GetUtcNow() < held.Token.UsableUntil)
                    {
                        // Fail-safe: the held token is still good for a while.
                        Log.ManagementTokenServedAfterFailedRefresh(_logger, held.Token.UsableUntil, delay);
                    }
                    else
                    {
                        Log.ManagementTokenRefreshFailed(_logger, delay);
                    }
                }
            }

            throw;
        }
    }

    /// <summary>A refresh nobody waited for (a usable token was held) must not end as an unobserved task exception.</summary>
    private static Task<GenAuthManagementToken> Observed(Task<GenAuthManagementToken> task)
    {
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>1 s, 2 s, 4 s … after the first, second, third failure in a row, at most 30 s.</summary>
    internal static TimeSpan Backoff(int failures)
    {
        var delay = FirstRetryDelay;
        for (var i = 1; i < failures && delay < MaxRetryDelay; i++)
        {
            delay += delay;
        }

        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }

    private async Task<GenAuthManagementToken> FetchAsync(GenAuthOptions options, CancellationToken cancellationToken)
    {
        var call = GenAuthCall.ForManagementToken(options);
        var request = new GenAuthManagementTokenRequest(options.AccessKeyId ?? string.Empty, options.AccessKeySecret ?? string.Empty);
        var measurement = _telemetry.Start(
            WechatTokenDiagnostics.ManagementTokenFetchActivityName, GenAuthDefaults.TokenKind, null, includeAppId: false);
        int? httpStatus = null;
        WechatTokenException? failure = null;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(options.TotalTimeout);
        try
        {
            using var response = await _api().GetManagementTokenAsync(request, call, budget.Token).ConfigureAwait(false);
            httpStatus = (int)response.StatusCode;
            var body = await GenAuthResponseReader.ReadBodyAsync(call, response, options.Timeout, _timeProvider, budget.Token).ConfigureAwait(false);
            var token = Parse(call, options, response, body);
            Log.ManagementTokenFetched(_logger, token.UserPoolId, token.ExpiresAt);
            return token;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The cache is being disposed.
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
        catch (Exception ex) when (GenAuthTransportErrors.TryMap(call, ex, options, cancellationToken, out var mapped))
        {
            failure = mapped;
            Log.ManagementTokenFetchFailed(_logger, mapped.Kind, mapped.HttpStatusCode, mapped.StatusCode, mapped.ApiCode, mapped.RequestId);
            throw mapped;
        }
        finally
        {
            _telemetry.EndManagementTokenFetch(measurement, httpStatus, failure);
        }
    }

    private GenAuthManagementToken Parse(GenAuthCall call, GenAuthOptions options, HttpResponseMessage response, string body)
    {
        var now = _timeProvider.GetUtcNow();
        var httpStatus = (int)response.StatusCode;
        var (header, data) = GenAuthResponseReader.ReadData(
            call, response, body, GenAuthJsonContext.Default.GenAuthEnvelopeGenAuthManagementTokenData);
        if (data is null || string.IsNullOrEmpty(data.AccessToken) || data.AccessToken.Any(c => c <= ' ' || c >= (char)0x7F))
        {
            throw GenAuthErrors.InvalidResponse(
                call, httpStatus, "data.access_token is missing or not a token", "Check GenAuth:Host points at the GenAuth API.", header);
        }

        if (data.ExpiresIn is not { } expiresIn || expiresIn <= 0 || expiresIn >= 10_000_000)
        {
            throw GenAuthErrors.InvalidResponse(
                call, httpStatus, "data.expires_in is missing or not a positive number of seconds", "Check GenAuth:Host points at the GenAuth API.", header);
        }

        var expiresAt = now.AddSeconds(expiresIn);
        var timeline = WechatTokenTimeline.Create(now, expiresAt);
        var claim = ReadUserPoolId(data.AccessToken);
        if (claim is not null && !IsHeaderValue(claim))
        {
            // The claim goes into a header of every later request: a value that is not a plain token (CR/LF would add
            // headers) is never sent. Said once; the value itself is not logged.
            if (Interlocked.Exchange(ref _claimRejectionLogged, 1) == 0)
            {
                Log.ScopedUserPoolIdRejected(_logger, GenAuthBrandInfo.HeaderPrefix(options.Brand) + "userpool-id");
            }

            claim = null;
        }

        var userPoolId = claim ?? options.AccessKeyId ?? string.Empty;
        return new GenAuthManagementToken(data.AccessToken, userPoolId, expiresAt, timeline.RefreshAt, timeline.HardExpiresAt);
    }

    /// <summary>The rule <see cref="GenAuthOptions.TenantId"/> follows: printable ASCII without spaces, and bounded.</summary>
    internal static bool IsHeaderValue(string value) =>
        value.Length is > 0 and <= MaxUserPoolIdLength && value.All(c => c is > ' ' and < (char)0x7F);

    /// <summary>Reads <c>scoped_userpool_id</c> from the JWT payload without verifying the JWT, as the official SDKs do.</summary>
    internal static string? ReadUserPoolId(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length < 2)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            var claims = JsonSerializer.Deserialize(Convert.FromBase64String(payload), GenAuthJsonContext.Default.GenAuthJwtPayload);
            return string.IsNullOrWhiteSpace(claims?.ScopedUserPoolId) ? null : claims.ScopedUserPoolId;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>What a management token belongs to. <see cref="ToString"/> leaves the secret out.</summary>
    private sealed record AccessKey(string Host, string Id, string Secret)
    {
        public static AccessKey Of(GenAuthOptions options) =>
            new(options.GetEffectiveHost().AbsoluteUri, options.AccessKeyId ?? string.Empty, options.AccessKeySecret ?? string.Empty);

        public override string ToString() => $"AccessKey {{ Host = {Host}, Id = {Id} }}";
    }

    private sealed record Held(AccessKey Key, GenAuthManagementToken Token);

    private sealed class Refresh(AccessKey key)
    {
        public AccessKey Key { get; } = key;

        public Task<GenAuthManagementToken> Task { get; set; } = null!;
    }

    /// <summary>The last refresh failed: its error stands for everybody without a usable token until <see cref="NextAttempt"/>.</summary>
    private sealed record Failure(AccessKey Key, int Failures, DateTimeOffset NextAttempt, Task<GenAuthManagementToken> Outcome);
}
