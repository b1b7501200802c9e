using System.Text;
using System.Text.Json;
using GenAuth.Hexagonal.Adapters.Wechat.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GenAuth.Hexagonal.Adapters.Wechat;

/// <summary>
/// A <see cref="DelegatingHandler"/> for <see cref="HttpClient"/>s that call WeChat business APIs: it sets
/// <c>access_token</c> in the query of each request to an allowed WeChat host from an <see cref="IWechatTokenProvider"/>,
/// and when WeChat rejects the token (errcode 40001, 40014 or 42001) it invalidates exactly that token, fetches a new
/// one and retries the request once, with the request body replayed intact.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The token goes only to <see cref="WechatAccessTokenHandlerOptions.AllowedHosts"/> (default: WeChat's API
/// hosts) over https, or over plain http to a listed loopback host. A request to any other host (a media URL, say) is
/// sent untouched, without the token, and a Warning names the host once per process.</item>
/// <item>Only JSON answers are looked at (<c>application/json</c>, <c>*+json</c>, or <c>text/plain</c> holding JSON,
/// which WeChat sometimes sends), and no more than their first 16 KB: a short answer is buffered, so the caller can
/// still read it; a longer one is handed on as a stream (those bytes, then the rest). Anything else (media downloads)
/// passes through unread and unbuffered.</item>
/// <item>Request bodies up to <see cref="WechatAccessTokenHandlerOptions.MaxReplayableRequestBytes"/> (1 MiB) are
/// buffered so they can be replayed; a larger one is streamed, and when its token is rejected the token is invalidated
/// but the request is not sent again.</item>
/// <item>A second rejection is returned to the caller as it is; other errcodes are never retried.</item>
/// <item>When, after the rejected token was invalidated, no new token can be had yet (the cache throws a transient
/// <see cref="WechatTokenException"/> with errcode 40001 while it waits before asking upstream again), WeChat's rejection is
/// returned to the caller as it is (body readable), not an exception.</item>
/// <item>Created for a named app, it looks the app up in <see cref="IWechatAppCatalog"/> at each request, so it follows
/// configuration reloads (a rotated secret); an app that is not configured fails the request with a
/// <see cref="WechatTokenException"/> of kind <see cref="WechatTokenErrorKind.Configuration"/> naming it.</item>
/// <item>Without an <see cref="IWechatTokenInvalidator"/> (no caching decorator) the retry simply asks the provider again.</item>
/// </list>
/// </remarks>
public sealed class WechatAccessTokenHandler : DelegatingHandler
{
    /// <summary>The largest accepted <see cref="WechatAccessTokenHandlerOptions.MaxReplayableRequestBytes"/>: 100 MiB.</summary>
    private const long MaxReplayableLimit = 100L * 1024 * 1024;

    private readonly IWechatTokenProvider _tokenProvider;
    private readonly WechatAppCredentials? _credentials;
    private readonly IWechatAppCatalog? _apps;
    private readonly string? _appName;
    private readonly IWechatTokenInvalidator? _invalidator;
    private readonly ILogger _logger;
    private readonly HashSet<string> _allowedHosts;
    private readonly long _maxReplayableRequestBytes;

    /// <summary>Creates a handler for one app's credentials.</summary>
    /// <param name="tokenProvider">Where tokens come from (usually the caching decorator).</param>
    /// <param name="credentials">The app whose token is attached.</param>
    /// <param name="invalidator">
    /// Drops a rejected token from whatever holds it. When <see langword="null"/>, <paramref name="tokenProvider"/> is used
    /// if it implements <see cref="IWechatTokenInvalidator"/>; otherwise a rejected token is not invalidated.
    /// </param>
    /// <param name="logger">The logger. Default none.</param>
    /// <param name="options">Where the token may go and how much of a request body is kept for a replay. Default: <see cref="WechatAccessTokenHandlerOptions"/>'s defaults.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names the property.</exception>
    public WechatAccessTokenHandler(
        IWechatTokenProvider tokenProvider,
        WechatAppCredentials credentials,
        IWechatTokenInvalidator? invalidator = null,
        ILogger<WechatAccessTokenHandler>? logger = null,
        WechatAccessTokenHandlerOptions? options = null)
        : this(tokenProvider, invalidator, logger, options)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = credentials;
    }

    /// <summary>Creates a handler for a named app, looked up in <paramref name="apps"/> at each request (it follows reloads).</summary>
    /// <param name="tokenProvider">Where tokens come from (usually the caching decorator).</param>
    /// <param name="apps">The configured apps.</param>
    /// <param name="appName">The app's name in configuration, e.g. <c>"mini"</c>.</param>
    /// <param name="invalidator">See <see cref="WechatAccessTokenHandler(IWechatTokenProvider, WechatAppCredentials, IWechatTokenInvalidator?, ILogger{WechatAccessTokenHandler}?, WechatAccessTokenHandlerOptions?)"/>.</param>
    /// <param name="logger">The logger. Default none.</param>
    /// <param name="options">Where the token may go and how much of a request body is kept for a replay. Default: <see cref="WechatAccessTokenHandlerOptions"/>'s defaults.</param>
    /// <exception cref="ArgumentException">The name is empty, or the options are invalid; the message names the property.</exception>
    public WechatAccessTokenHandler(
        IWechatTokenProvider tokenProvider,
        IWechatAppCatalog apps,
        string appName,
        IWechatTokenInvalidator? invalidator = null,
        ILogger<WechatAccessTokenHandler>? logger = null,
        WechatAccessTokenHandlerOptions? options = null)
        : this(tokenProvider, invalidator, logger, options)
    {
        ArgumentNullException.ThrowIfNull(apps);
        ArgumentException.ThrowIfNullOrWhiteSpace(appName);
        _apps = apps;
        _appName = appName;
    }

    private WechatAccessTokenHandler(
        IWechatTokenProvider tokenProvider,
        IWechatTokenInvalidator? invalidator,
        ILogger<WechatAccessTokenHandler>? logger,
        WechatAccessTokenHandlerOptions? options)
    {
        ArgumentNullException.ThrowIfNull(tokenProvider);
        options ??= new WechatAccessTokenHandlerOptions();
        _allowedHosts = AllowedHostsOf(options);
        _maxReplayableRequestBytes = MaxReplayableOf(options);
        _tokenProvider = tokenProvider;
        _invalidator = invalidator ?? tokenProvider as IWechatTokenInvalidator;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// The app whose token this handler attaches right now (its <see cref="WechatAppCredentials.ToString"/> hides the secret):
    /// for a named app, its current credentials in <see cref="IWechatAppCatalog"/>.
    /// </summary>
    /// <exception cref="WechatTokenException">The named app is not configured (<see cref="WechatTokenErrorKind.Configuration"/>).</exception>
    public WechatAppCredentials Credentials => _credentials ?? Resolve(_apps!, _appName!);

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = request.RequestUri;
        if (target is null || !target.IsAbsoluteUri)
        {
            throw new InvalidOperationException("The request has no absolute URI; set HttpClient.BaseAddress or use an absolute URI for WeChat API calls.");
        }

        if (!MayCarryToken(target))
        {
            // Another host (a media URL, a redirect target), or plain http: the token never goes there.
            if (_logger.IsEnabled(LogLevel.Warning) && HostWarnings.FirstTime(HostOf(target)))
            {
                Log.TokenNotAttached(_logger, HostOf(target), target.Scheme);
            }

            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        // A named app is looked up per request: a reload (a rotated secret) applies to the next request.
        var credentials = _credentials ?? Resolve(_apps!, _appName!);

        // A body that fits MaxReplayableRequestBytes is kept, so it can be sent again intact if the token is rejected.
        var replayable = await BoundedBodies.PrepareForReplayAsync(request, _maxReplayableRequestBytes, cancellationToken).ConfigureAwait(false);
        var token = await _tokenProvider.GetAccessTokenAsync(credentials, cancellationToken).ConfigureAwait(false);
        request.RequestUri = WithAccessToken(target, token.Value);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        WechatAccessToken fresh;
        try
        {
            var errcode = await BoundedBodies.ReadErrorCodeAsync(response, cancellationToken).ConfigureAwait(false);
            if (errcode is not { } rejected || !WechatErrorCodes.IsTokenRejected(rejected))
            {
                return response;
            }

            if (_invalidator is not null)
            {
                await _invalidator.InvalidateAsync(credentials, token, cancellationToken).ConfigureAwait(false);
            }

            if (!replayable)
            {
                Log.TokenRejectedNotRetried(_logger, token.RedactedValue, credentials.AppId, rejected, _maxReplayableRequestBytes);
                return response;
            }

            Log.TokenRejected(_logger, token.RedactedValue, credentials.AppId, rejected);
            try
            {
                fresh = await _tokenProvider.GetAccessTokenAsync(credentials, cancellationToken).ConfigureAwait(false);
            }
            catch (WechatTokenException ex) when (IsNoReplacementYet(ex))
            {
                // The cache holds only the token WeChat just rejected and will not ask upstream again yet: WeChat's own
                // answer says more to the caller than an exception would.
                Log.TokenRejectedNoReplacementYet(_logger, token.RedactedValue, credentials.AppId, rejected, "the next fetch is not due yet");
                return response;
            }
        }
        catch
        {
            response.Dispose();
            throw;
        }

        response.Dispose();
        request.RequestUri = WithAccessToken(target, fresh.Value);
        var retried = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (_logger.IsEnabled(LogLevel.Warning))
        {
            var again = await BoundedBodies.ReadErrorCodeAsync(retried, cancellationToken).ConfigureAwait(false);
            if (again is { } code && WechatErrorCodes.IsTokenRejected(code))
            {
                Log.TokenRejectedAgain(_logger, fresh.RedactedValue, credentials.AppId, code);
            }
        }

        return retried;
    }

    /// <summary>Not supported: the token may have to be fetched asynchronously. Use <see cref="HttpClient.SendAsync(HttpRequestMessage)"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Not used.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="NotSupportedException">Always.</exception>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{nameof(WechatAccessTokenHandler)} supports only asynchronous sends (HttpClient.SendAsync, GetAsync, PostAsync, ...).");

    private static WechatAppCredentials Resolve(IWechatAppCatalog apps, string appName) =>
        apps.TryGetCredentials(appName, out var credentials)
            ? credentials
            : throw new WechatTokenException(
                $"No WeChat app named '{appName}' is configured for the access-token handler (configured: {(apps.AppNames.Count == 0 ? "none" : string.Join(", ", apps.AppNames))}). Set Wechat:Apps:{appName}:AppId and Wechat:Apps:{appName}:AppSecret, or fix the name given to AddWechatAccessToken.",
                WechatTokenSource.Unknown,
                WechatTokenErrorKind.Configuration,
                isTransient: false);

    /// <summary>
    /// The cache's answer while the only token it holds for the app is one WeChat just rejected and no new fetch is due yet:
    /// transient, with a token-rejection errcode (a fetch that WeChat refuses with 40001 is a wrong secret, never transient).
    /// </summary>
    private static bool IsNoReplacementYet(WechatTokenException exception) =>
        exception.IsTransient && exception.WechatErrorCode is { } code && WechatErrorCodes.IsTokenRejected(code);

    private static long MaxReplayableOf(WechatAccessTokenHandlerOptions options) =>
        options.MaxReplayableRequestBytes is >= 0 and <= MaxReplayableLimit
            ? options.MaxReplayableRequestBytes
            : throw new ArgumentException(
                $"{nameof(WechatAccessTokenHandlerOptions)}.{nameof(WechatAccessTokenHandlerOptions.MaxReplayableRequestBytes)} must be between 0 and {MaxReplayableLimit} (default {WechatApiDefaults.DefaultMaxReplayableRequestBytes}).",
                nameof(options));

    /// <summary>Whether the token may go to <paramref name="uri"/>: a listed host, over https, or over plain http to a listed loopback host.</summary>
    private bool MayCarryToken(Uri uri)
    {
        if (!_allowedHosts.Contains(HostOf(uri)))
        {
            return false;
        }

        return uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback);
    }

    /// <summary>The host as compared with <see cref="WechatAccessTokenHandlerOptions.AllowedHosts"/> (case-insensitively): ASCII (IDN), no brackets or trailing dot.</summary>
    private static string HostOf(Uri uri) => Normalise(uri.IdnHost);

    private static string Normalise(string host) => host.Trim().Trim('[', ']').TrimEnd('.');

    private static HashSet<string> AllowedHostsOf(WechatAccessTokenHandlerOptions options)
    {
        var key = $"{nameof(WechatAccessTokenHandlerOptions)}.{nameof(WechatAccessTokenHandlerOptions.AllowedHosts)}";
        if (options.AllowedHosts is null)
        {
            throw new ArgumentException($"{key} must not be null.", nameof(options));
        }

        var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in options.AllowedHosts)
        {
            var host = entry is null ? string.Empty : Normalise(entry);
            if (host.Length == 0 || Uri.CheckHostName(host) == UriHostNameType.Unknown)
            {
                throw new ArgumentException(
                    $"{key} holds '{entry}', which is not a host name. List host names such as {WechatApiDefaults.ApiHosts[0]} or 127.0.0.1, without scheme, port or path.",
                    nameof(options));
            }

            hosts.Add(host);
        }

        return hosts;
    }

    /// <summary>The URI with <c>access_token</c> set to <paramref name="token"/> (replacing any value already there).</summary>
    internal static Uri WithAccessToken(Uri uri, string token)
    {
        var query = uri.Query.Length > 0 ? uri.Query[1..] : string.Empty;
        var builder = new StringBuilder(query.Length + token.Length + 16);
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part.AsSpan();
            var equals = name.IndexOf('=');
            if (equals >= 0)
            {
                name = name[..equals];
            }

            if (name.SequenceEqual(WechatApiDefaults.AccessTokenQueryParameter))
            {
                continue;
            }

            builder.Append(part).Append('&');
        }

        builder.Append(WechatApiDefaults.AccessTokenQueryParameter).Append('=').Append(Uri.EscapeDataString(token));
        return new UriBuilder(uri) { Query = builder.ToString() }.Uri;
    }

    internal static int? ParseErrorCode(ReadOnlySpan<byte> json)
    {
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isErrorCode = reader.ValueTextEquals("errcode"u8);
                if (!reader.Read())
                {
                    return null;
                }

                if (isErrorCode)
                {
                    return reader.TokenType switch
                    {
                        JsonTokenType.Number when reader.TryGetInt32(out var number) => number,
                        JsonTokenType.String when int.TryParse(reader.GetString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
                        _ => null,
                    };
                }

                reader.Skip();
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
