using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Refit;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>
/// Holds the management token: fetched from <c>/api/v3/get-management-token</c> on first use, served until its
/// refresh moment (5 minutes or a fifth of its lifetime before expiry), then refreshed by one caller at a time
/// (the others wait for that refresh). When a refresh fails while the current token is still valid (until 30 seconds
/// before its expiry) the current token keeps being sent. Unlike the official SDKs, it never sends an expired token.
/// </summary>
internal sealed class GenAuthManagementTokenCache : IDisposable
{
    /// <summary>How long before its expiry a token is no longer sent, even when a refresh failed.</summary>
    private static readonly TimeSpan ExpirySafetyMargin = TimeSpan.FromSeconds(30);

    /// <summary>The longest <c>scoped_userpool_id</c> sent as a header.</summary>
    private const int MaxUserPoolIdLength = 256;

    private readonly Func<IGenAuthManagementApi> _api;
    private readonly GenAuthOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private GenAuthManagementToken? _current;
    private int _fetchCount;
    private int _claimRejectionLogged;

    public GenAuthManagementTokenCache(
        Func<IGenAuthManagementApi> api, IOptions<GenAuthOptions> options, TimeProvider timeProvider, ILogger<GenAuthManagementTokenCache> logger)
    {
        _api = api;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>How many times a management token was fetched (successfully or not).</summary>
    public int FetchCount => Volatile.Read(ref _fetchCount);

    public async ValueTask<GenAuthManagementToken> GetAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && _timeProvider.GetUtcNow() < current.RefreshAt)
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            current = Volatile.Read(ref _current);
            if (current is not null && _timeProvider.GetUtcNow() < current.RefreshAt)
            {
                return current;
            }

            GenAuthManagementToken fresh;
            try
            {
                fresh = await FetchAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (WechatTokenException) when (current is not null && _timeProvider.GetUtcNow() < current.ExpiresAt - ExpirySafetyMargin)
            {
                // Fail-safe: the refresh failed but the current token is still good for a while; the next request tries again.
                Log.ManagementTokenServedAfterFailedRefresh(_logger, current.ExpiresAt);
                return current;
            }

            Volatile.Write(ref _current, fresh);
            return fresh;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Drops <paramref name="rejected"/> if it is still the cached token, so the next request fetches a new one.</summary>
    public void Invalidate(GenAuthManagementToken rejected) => Interlocked.CompareExchange(ref _current, null, rejected);

    public void Dispose() => _gate.Dispose();

    private async Task<GenAuthManagementToken> FetchAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _fetchCount);
        var call = GenAuthCall.ForManagementToken(_options);
        var request = new GenAuthManagementTokenRequest(_options.AccessKeyId ?? string.Empty, _options.AccessKeySecret ?? string.Empty);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.TotalTimeout);
        try
        {
            using var response = await _api().GetManagementTokenAsync(request, call, budget.Token).ConfigureAwait(false);
            var body = await GenAuthResponseReader.ReadBodyAsync(call, response, _options.Timeout, _timeProvider, budget.Token).ConfigureAwait(false);
            var token = Parse(call, response, body);
            Log.ManagementTokenFetched(_logger, token.UserPoolId, token.ExpiresAt);
            return token;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller's own cancellation, reported with the caller's token (not the budget's linked one).
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
        catch (Exception ex) when (GenAuthTransportErrors.TryMap(call, ex, _options, cancellationToken, out var mapped))
        {
            Log.ManagementTokenFetchFailed(_logger, mapped.Kind, mapped.HttpStatusCode, mapped.StatusCode, mapped.ApiCode, mapped.RequestId);
            throw mapped;
        }
    }

    private GenAuthManagementToken Parse(GenAuthCall call, HttpResponseMessage response, string body)
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
        var refreshAt = WechatTokenTimeline.Create(now, expiresAt).RefreshAt;
        var claim = ReadUserPoolId(data.AccessToken);
        if (claim is not null && !IsHeaderValue(claim))
        {
            // The claim goes into a header of every later request: a value that is not a plain token (CR/LF would add
            // headers) is never sent. Said once; the value itself is not logged.
            if (Interlocked.Exchange(ref _claimRejectionLogged, 1) == 0)
            {
                Log.ScopedUserPoolIdRejected(_logger, GenAuthBrandInfo.HeaderPrefix(_options.Brand) + "userpool-id");
            }

            claim = null;
        }

        var userPoolId = claim ?? _options.AccessKeyId ?? string.Empty;
        return new GenAuthManagementToken(data.AccessToken, userPoolId, expiresAt, refreshAt);
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
}
