using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using GenAuth.Hexagonal.Adapters.Wechat.Internal;
using GenAuth.Hexagonal.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using Refit;

namespace GenAuth.Hexagonal.Adapters.Wechat;

/// <summary>
/// Gets access tokens straight from WeChat: <c>POST /cgi-bin/stable_token</c> with <c>force_refresh: false</c>
/// (default), or <c>GET /cgi-bin/token</c> when <see cref="WechatApiOptions.Endpoint"/> opts in.
/// </summary>
/// <remarks>
/// <para>
/// Every failure is a <see cref="WechatTokenException"/> with <see cref="WechatTokenException.Upstream"/>
/// <see cref="WechatTokenSource.Wechat"/>: an <c>errcode</c> is <see cref="WechatTokenErrorKind.UpstreamError"/>
/// (transient only for -1 and 45011), a non-2xx status <see cref="WechatTokenErrorKind.HttpError"/>, an HTML, empty
/// or malformed body <see cref="WechatTokenErrorKind.InvalidResponse"/>, and timeouts and connection failures
/// <see cref="WechatTokenErrorKind.Timeout"/> and <see cref="WechatTokenErrorKind.Network"/>. The app secret never
/// appears in a message, an inner exception or a log line, not even for <c>GET /cgi-bin/token</c> whose URI holds it.
/// </para>
/// <para>
/// Each call asks WeChat; put the caching decorator in front of it (<c>AddCaching()</c>) so one process holds one
/// token per app. A refresh is forced (<c>force_refresh: true</c>) in one case only: <see cref="RefreshAsync"/>, after WeChat
/// rejected a token, when the normal answer is still that token; at least 30 seconds apart and at most 20 times a day (Beijing
/// time) per app, counted by this instance (see <see cref="WechatApiDefaults.ForceRefreshMinInterval"/>).
/// </para>
/// </remarks>
public sealed class WechatApiTokenProvider : IWechatTokenProvider, IWechatTokenRefresher, IWechatTokenSourceInfo
{
    private const int MaxBodyBytes = 64 * 1024;
    private const int MaxErrorMessageLength = 200;

    private static readonly RefitSettings RefitSettings = new(new SystemTextJsonContentSerializer(WechatJsonContext.Default.Options));

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly Func<WechatApiOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly WechatApiEndpoint _endpoint;
    private readonly string _httpClientName;
    private readonly string _tokenKind;
    private readonly SourceTelemetry _telemetry;
    private readonly ForceRefreshLimiter _forces;

    /// <summary>Creates the provider with fixed options (the DI registration, <c>UseWechat</c>, follows configuration reloads instead).</summary>
    /// <param name="httpClientFactory">
    /// Supplies the named clients <see cref="WechatApiDefaults.StableTokenHttpClientName"/> and
    /// <see cref="WechatApiDefaults.TokenHttpClientName"/>. Their base address is set from <see cref="WechatApiOptions.Host"/>.
    /// </param>
    /// <param name="options">The options; checked here as well as at start-up.</param>
    /// <param name="timeProvider">The clock for expiries, the timeout and the <c>force_refresh</c> limits. Default <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">The logger. Default none.</param>
    /// <param name="meterFactory">Creates the <c>GenAuth.Hexagonal</c> meter (see <see cref="WechatTokenDiagnostics"/>). Default: a meter of its own.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names the key.</exception>
    public WechatApiTokenProvider(
        IHttpClientFactory httpClientFactory,
        IOptions<WechatApiOptions> options,
        TimeProvider? timeProvider = null,
        ILogger<WechatApiTokenProvider>? logger = null,
        IMeterFactory? meterFactory = null)
        : this(httpClientFactory, Checked(options), timeProvider, logger, meterFactory)
    {
    }

    /// <summary>Creates the provider over options that may change (<paramref name="options"/> is read at each fetch; already validated).</summary>
    internal WechatApiTokenProvider(
        IHttpClientFactory httpClientFactory,
        Func<WechatApiOptions> options,
        TimeProvider? timeProvider,
        ILogger<WechatApiTokenProvider>? logger,
        IMeterFactory? meterFactory)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        _httpClientFactory = httpClientFactory;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;

        // Fixed for the instance's life: it decides who owns the app's token (and a shared tier's keys).
        _endpoint = options().Endpoint;
        _httpClientName = _endpoint == WechatApiEndpoint.Token
            ? WechatApiDefaults.TokenHttpClientName
            : WechatApiDefaults.StableTokenHttpClientName;
        _tokenKind = _endpoint == WechatApiEndpoint.Token ? WechatApiDefaults.TokenEndpointKind : WechatApiDefaults.StableTokenKind;
        _telemetry = new SourceTelemetry(meterFactory, WechatBuilderExtensions.SourceName);
        _forces = new ForceRefreshLimiter(WechatApiDefaults.ForceRefreshMinInterval, WechatApiDefaults.ForceRefreshDailyLimit);
        if (_endpoint == WechatApiEndpoint.Token)
        {
            Log.TokenEndpointSelected(_logger);
        }
    }

    /// <summary>The endpoint this provider fetches from (fixed when it is created).</summary>
    public WechatApiEndpoint Endpoint => _endpoint;

    /// <summary>
    /// <see cref="WechatApiDefaults.StableTokenKind"/> (<c>wechat-stable</c>) for <c>stable_token</c>,
    /// <see cref="WechatApiDefaults.TokenEndpointKind"/> (<c>wechat-token</c>) for <c>/cgi-bin/token</c>.
    /// </summary>
    public string TokenKind => _tokenKind;

    /// <summary>The current <see cref="WechatApiOptions.TotalTimeout"/> (it follows configuration reloads).</summary>
    public TimeSpan FetchBudget => _options().TotalTimeout;

    /// <summary><see langword="true"/> for <c>/cgi-bin/token</c>, whose every call invalidates the token other holders have.</summary>
    public bool RotatesOnFetch => _endpoint == WechatApiEndpoint.Token;

    /// <inheritdoc />
    public ValueTask<WechatAccessToken> GetAccessTokenAsync(
        WechatAppCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return new(FetchMeasuredAsync(credentials, force: false, cancellationToken));
    }

    /// <summary>
    /// Gets a token to replace <paramref name="rejected"/>, which WeChat rejected. <c>stable_token</c>: asks in normal mode
    /// first; only when that answer is still <paramref name="rejected"/> does it make one <c>force_refresh: true</c> call,
    /// if the app's previous forced call (by this instance) was at least 30 seconds ago and fewer than 20 were made today
    /// (Beijing time); otherwise, or when the forced call fails, it returns the normal answer (<paramref name="rejected"/>).
    /// <c>/cgi-bin/token</c>: every call hands out a new token, so this is a plain fetch.
    /// </summary>
    /// <param name="credentials">The app whose token was rejected.</param>
    /// <param name="rejected">The exact token WeChat rejected.</param>
    /// <param name="cancellationToken">Ends the caller's wait.</param>
    /// <returns>A new token, or <paramref name="rejected"/> when no new one could be had within WeChat's limits.</returns>
    /// <exception cref="WechatTokenException">The normal fetch failed.</exception>
    public async ValueTask<WechatAccessToken> RefreshAsync(
        WechatAppCredentials credentials, WechatAccessToken rejected, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(rejected);
        var normal = await FetchMeasuredAsync(credentials, force: false, cancellationToken).ConfigureAwait(false);
        if (_endpoint == WechatApiEndpoint.Token || !string.Equals(normal.Value, rejected.Value, StringComparison.Ordinal))
        {
            return normal;
        }

        var appId = credentials.AppId;
        var includeAppId = _options().IncludeAppIdInTelemetry;
        var decision = _forces.TryReserve(appId, _timeProvider.GetUtcNow(), out var nextAllowed);
        if (decision != ForceRefreshDecision.Allowed)
        {
            var spaced = decision == ForceRefreshDecision.Spaced;
            _telemetry.AddForcedRefresh(_tokenKind, appId, includeAppId, spaced ? WechatTokenDiagnostics.ForceOutcomeSpaced : WechatTokenDiagnostics.ForceOutcomeDailyLimit);
            Log.ForceRefreshNotAllowed(
                _logger, rejected.RedactedValue, appId,
                spaced ? "its previous forced refresh was less than 30 s ago" : "its 20 forced refreshes of the day (Beijing time) are used up",
                nextAllowed);
            return normal;
        }

        try
        {
            Log.ForcingRefresh(_logger, rejected.RedactedValue, appId);
            var forced = await FetchMeasuredAsync(credentials, force: true, cancellationToken).ConfigureAwait(false);
            _telemetry.AddForcedRefresh(_tokenKind, appId, includeAppId, WechatTokenDiagnostics.ForceOutcomeRefreshed);
            return forced;
        }
        catch (WechatTokenException ex)
        {
            _telemetry.AddForcedRefresh(_tokenKind, appId, includeAppId, WechatTokenDiagnostics.ForceOutcomeFailed);
            Log.ForceRefreshFailed(_logger, appId, ex.Kind, ex.WechatErrorCode, ex.HttpStatusCode);
            return normal;
        }
    }

    private static Func<WechatApiOptions> Checked(IOptions<WechatApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value ?? throw new ArgumentException("The options have no value.", nameof(options));
        var failures = WechatApiOptionsRules.Validate(value, WechatApiDefaults.ConfigurationSectionName);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        return () => value;
    }

    /// <summary>One fetch, logged, counted and traced.</summary>
    private async Task<WechatAccessToken> FetchMeasuredAsync(WechatAppCredentials credentials, bool force, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // One snapshot of the options for the whole fetch: reloads apply to the next one.
        var options = _options();
        var measurement = _telemetry.Start(WechatTokenDiagnostics.SourceFetchActivityName, _tokenKind, credentials.AppId, options.IncludeAppIdInTelemetry);
        int? httpStatus = null;
        WechatTokenException? failure = null;
        try
        {
            var (token, status) = await FetchAsync(credentials, options, force, cancellationToken).ConfigureAwait(false);
            httpStatus = status;
            Log.TokenFetched(_logger, credentials.AppId, _endpoint, (long)(token.ExpiresAt - _timeProvider.GetUtcNow()).TotalSeconds);
            return token;
        }
        catch (WechatTokenException ex)
        {
            failure = ex;
            Log.TokenFetchFailed(_logger, credentials.AppId, _endpoint, ex.Kind, ex.WechatErrorCode, ex.HttpStatusCode, ex.IsTransient);
            throw;
        }
        finally
        {
            _telemetry.EndFetch(measurement, httpStatus, failure);
        }
    }

    private async Task<(WechatAccessToken Token, int Status)> FetchAsync(
        WechatAppCredentials credentials, WechatApiOptions options, bool force, CancellationToken cancellationToken)
    {
        var startedAt = _timeProvider.GetUtcNow();
        var totalTimeout = options.TotalTimeout;
        var host = WechatApiOptionsRules.NormalizeHost(options.Host);
        var call = new WechatCall(credentials, startedAt + totalTimeout, _timeProvider, options);

        // The fetch budget: every attempt, every delay and reading the answer.
        using var budget = new CancellationTokenSource(totalTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        WechatAnswer answer;
        try
        {
            var client = _httpClientFactory.CreateClient(_httpClientName);
            client.BaseAddress = host;
            // A real-time backstop for the budget above, which runs on the injected clock (deterministic under a fake one).
            client.Timeout = totalTimeout;
            var api = RestService.ForGenerated<IWechatApi>(client, RefitSettings);
            using var response = _endpoint == WechatApiEndpoint.Token
                ? await api.GetTokenAsync(credentials.AppId, credentials.AppSecret, call, linked.Token).ConfigureAwait(false)
                : await api.GetStableTokenAsync(
                    new StableTokenRequest { AppId = credentials.AppId, Secret = credentials.AppSecret, ForceRefresh = force },
                    call,
                    linked.Token).ConfigureAwait(false);
            var body = await ReadBodyAsync(response.Content, linked.Token).ConfigureAwait(false);
            answer = WechatAnswer.From(response, body, _timeProvider.GetUtcNow());
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && Unwrap(ex) is OperationCanceledException)
        {
            // The caller's own cancellation: an OperationCanceledException for that caller, never wrapped.
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
        catch (Exception ex)
        {
            throw Classify(Unwrap(ex), credentials, call, options, host);
        }

        return (Interpret(credentials, call, answer, startedAt), answer.Status);
    }

    /// <summary>Refit wraps transport failures in <see cref="ApiRequestException"/>, which holds the request (and so the secret): never keep it.</summary>
    private static Exception Unwrap(Exception exception) =>
        exception is ApiRequestException { InnerException: { } inner } ? inner : exception;

    private WechatTokenException Classify(Exception exception, WechatAppCredentials credentials, WechatCall call, WechatApiOptions options, Uri host) => exception switch
    {
        WechatTokenException already => already,
        TimeoutRejectedException => Failure(credentials, WechatTokenErrorKind.Timeout, true,
            $"WeChat did not answer within the per-attempt timeout ({Seconds(options.Timeout)} s, Wechat:Timeout; {Path}, appid {credentials.AppId}); retry later.",
            Sanitize(exception, call)),
        OperationCanceledException or TimeoutException => Failure(credentials, WechatTokenErrorKind.Timeout, true,
            $"WeChat did not answer within the fetch budget of {Seconds(options.TotalTimeout)} s (Wechat:TotalTimeout, every attempt included; {Path}, appid {credentials.AppId}); retry later or raise Wechat:TotalTimeout.",
            Sanitize(exception, call)),
        HttpRequestException http => Failure(credentials, WechatTokenErrorKind.Network, true,
            $"Could not reach WeChat at {host.Host} ({Path}, appid {credentials.AppId}): the connection failed or was dropped ({http.HttpRequestError}). Check network access, DNS and proxies; retry later.",
            Sanitize(exception, call)),
        IOException => Failure(credentials, WechatTokenErrorKind.Network, true,
            $"The connection to WeChat at {host.Host} was dropped while reading the answer ({Path}, appid {credentials.AppId}); retry later.",
            Sanitize(exception, call)),
        InvalidDataException => Failure(credentials, WechatTokenErrorKind.InvalidResponse, false,
            $"WeChat's answer ({Path}, appid {credentials.AppId}) is larger than {MaxBodyBytes} bytes; a proxy or gateway may be answering instead of WeChat.",
            null),
        _ => Failure(credentials, WechatTokenErrorKind.Unknown, false,
            $"Fetching a token from WeChat ({Path}, appid {credentials.AppId}) failed unexpectedly ({exception.GetType().Name}); check the Wechat configuration and report it if it persists.",
            Sanitize(exception, call)),
    };

    private string Path => _endpoint == WechatApiEndpoint.Token ? "GET /cgi-bin/token" : "POST /cgi-bin/stable_token";

    private WechatAccessToken Interpret(WechatAppCredentials credentials, WechatCall call, WechatAnswer answer, DateTimeOffset startedAt)
    {
        var code = answer.Status;
        if (code is < 200 or > 299)
        {
            var transient = code is 408 or 429 or >= 500;
            return Throw(new WechatTokenException(
                $"WeChat answered HTTP {code} ({Path}, appid {credentials.AppId}).{Redirect(answer)}{RetryAfter(answer, call)} {(transient ? "Retry later." : "Check Wechat:Host and any proxy between this process and WeChat.")}",
                WechatTokenSource.Wechat, WechatTokenErrorKind.HttpError, transient)
            {
                AppId = credentials.AppId,
                HttpStatusCode = code,
            });
        }

        Encoding encoding;
        try
        {
            encoding = string.IsNullOrWhiteSpace(answer.Charset) ? Encoding.UTF8 : Encoding.GetEncoding(answer.Charset.Trim().Trim('"'));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return Throw(InvalidResponse(credentials, code, $"a body in charset \"{UpstreamText.Clean(answer.Charset, call.Secrets, 40)}\", which is not supported (WeChat answers UTF-8 JSON)", null));
        }

        var text = encoding.GetString(answer.Body).Trim().TrimStart('\uFEFF');
        if (text.Length == 0)
        {
            return Throw(InvalidResponse(credentials, code, "an empty body", null));
        }

        if (text[0] == '<' || string.Equals(answer.MediaType, "text/html", StringComparison.OrdinalIgnoreCase))
        {
            return Throw(InvalidResponse(credentials, code, "an HTML page instead of JSON (a proxy or gateway may be answering instead of WeChat)", null));
        }

        WechatTokenResponse? response;
        try
        {
            response = JsonSerializer.Deserialize(text, WechatJsonContext.Default.WechatTokenResponse);
        }
        catch (JsonException ex)
        {
            return Throw(InvalidResponse(credentials, code, "malformed JSON (or a repeated field)", Sanitize(ex, call)));
        }

        if (response is null)
        {
            return Throw(InvalidResponse(credentials, code, "a JSON null", null));
        }

        if (response.ErrorCode is { } errcode && errcode != 0)
        {
            var errmsg = Scrub(response.ErrorMessage, call);
            return Throw(new WechatTokenException(
                $"{WechatErrorCodes.Describe(errcode)} (appid {credentials.AppId}, {Path}{(errmsg is null ? string.Empty : $", errmsg '{errmsg}'")})",
                WechatTokenSource.Wechat, WechatTokenErrorKind.UpstreamError, WechatErrorCodes.IsTransient(errcode))
            {
                AppId = credentials.AppId,
                HttpStatusCode = code,
                WechatErrorCode = errcode,
            });
        }

        if (string.IsNullOrEmpty(response.AccessToken))
        {
            return Throw(InvalidResponse(credentials, code, "no access_token", null));
        }

        if (response.ExpiresIn is not { } expiresIn || expiresIn <= 0 || expiresIn > (long)TimeSpan.FromDays(366).TotalSeconds)
        {
            return Throw(InvalidResponse(credentials, code, "a missing or out-of-range expires_in", null));
        }

        try
        {
            return new WechatAccessToken(response.AccessToken, startedAt.AddSeconds(expiresIn));
        }
        catch (ArgumentException ex)
        {
            // The value object's message describes the problem without echoing the token.
            return Throw(InvalidResponse(credentials, code, "an access_token that is not a valid token", ex));
        }
    }

    /// <summary>For a 3xx answer: where it pointed (the host only, never the path or query) and that it was not followed.</summary>
    private static string Redirect(WechatAnswer answer)
    {
        if (answer.Status is < 300 or > 399)
        {
            return string.Empty;
        }

        var target = answer.Location is { IsAbsoluteUri: true } location
            ? (location.IsDefaultPort ? location.IdnHost : string.Create(CultureInfo.InvariantCulture, $"{location.IdnHost}:{location.Port}"))
            : "no usable Location";
        return $" It redirects to {target}; redirects are never followed (they would carry the request, secret included, to another host).";
    }

    private static string RetryAfter(WechatAnswer answer, WechatCall call)
    {
        if (answer.RetryAfter is not { } wait)
        {
            return string.Empty;
        }

        var seconds = (long)Math.Ceiling(wait.TotalSeconds);
        var fits = wait <= WechatApiDefaults.MaxRetryAfter && wait < call.Remaining;
        return string.Create(
            CultureInfo.InvariantCulture,
            $" WeChat asked to retry after {seconds} s (Retry-After: {seconds}){(fits ? "." : $", longer than this fetch may wait (at most {WechatApiDefaults.MaxRetryAfter.TotalSeconds:0} s, within Wechat:TotalTimeout), so it was not waited for.")}");
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString(CultureInfo.InvariantCulture);

    private WechatTokenException InvalidResponse(WechatAppCredentials credentials, int httpStatus, string what, Exception? inner) =>
        new($"WeChat's answer ({Path}, appid {credentials.AppId}) held {what}; check Wechat:Host and any proxy between this process and WeChat.",
            WechatTokenSource.Wechat, WechatTokenErrorKind.InvalidResponse, false, inner)
        {
            AppId = credentials.AppId,
            HttpStatusCode = httpStatus,
        };

    private static WechatTokenException Failure(
        WechatAppCredentials credentials, WechatTokenErrorKind kind, bool transient, string message, Exception? inner) =>
        new(message, WechatTokenSource.Wechat, kind, transient, inner) { AppId = credentials.AppId };

    private static WechatAccessToken Throw(WechatTokenException exception) => throw exception;

    /// <summary>
    /// An adapter exception safe to keep as the inner exception: the original when nothing in its chain can carry the
    /// secret or forge a line, otherwise scrubbed copies that hold no request object (Refit's exceptions always are
    /// replaced: they hold the request, and for <c>GET /cgi-bin/token</c> its URI holds the secret).
    /// </summary>
    private static Exception? Sanitize(Exception exception, WechatCall call) => UpstreamText.Exception(exception, call.Secrets);

    /// <summary>Removes the secret and any query string from text that came from outside, neutralises control characters, and bounds its length.</summary>
    private static string? Scrub(string? text, WechatCall call)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var scrubbed = text;
        var query = scrubbed.IndexOf('?', StringComparison.Ordinal);
        while (query >= 0)
        {
            var end = query + 1;
            while (end < scrubbed.Length && !char.IsWhiteSpace(scrubbed[end]) && scrubbed[end] is not ('\'' or '"' or ')'))
            {
                end++;
            }

            scrubbed = string.Concat(scrubbed.AsSpan(0, query), "?***", scrubbed.AsSpan(end));
            query = scrubbed.IndexOf('?', query + 4);
        }

        var cleaned = UpstreamText.Clean(scrubbed, call.Secrets, MaxErrorMessageLength);
        return cleaned.Length == 0 ? null : cleaned;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxBodyBytes)
        {
            throw new InvalidDataException("The answer is too large.");
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    throw new InvalidDataException("The answer is too large.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }
}
