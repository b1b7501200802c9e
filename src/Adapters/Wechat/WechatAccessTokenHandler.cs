using System.Text;
using System.Text.Json;
using GenAuth.Hexagonal.Adapters.Wechat.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GenAuth.Hexagonal.Adapters.Wechat;

/// <summary>
/// A <see cref="DelegatingHandler"/> for <see cref="HttpClient"/>s that call WeChat business APIs: it sets
/// <c>access_token</c> in each request's query from an <see cref="IWechatTokenProvider"/>, and when WeChat rejects
/// the token (errcode 40001, 40014 or 42001) it invalidates exactly that token, fetches a new one and retries the
/// request once, with the request body replayed intact.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Only JSON answers are read (<c>application/json</c>, <c>*+json</c>, or <c>text/plain</c> holding JSON, which
/// WeChat sometimes sends); they are buffered, so the caller can still read them. Anything else (media downloads)
/// passes through unread and unbuffered.</item>
/// <item>Request content is buffered before the first send so it can be replayed.</item>
/// <item>A second rejection is returned to the caller as it is; other errcodes are never retried.</item>
/// <item>Without an <see cref="IWechatTokenInvalidator"/> (no caching decorator) the retry simply asks the provider again.</item>
/// </list>
/// </remarks>
public sealed class WechatAccessTokenHandler : DelegatingHandler
{
    /// <summary>JSON answers larger than this are never token rejections (those are tiny) and are not parsed.</summary>
    private const int MaxInspectedBytes = 16 * 1024;

    private readonly IWechatTokenProvider _tokenProvider;
    private readonly WechatAppCredentials _credentials;
    private readonly IWechatTokenInvalidator? _invalidator;
    private readonly ILogger _logger;

    /// <summary>Creates a handler for one app's credentials.</summary>
    /// <param name="tokenProvider">Where tokens come from (usually the caching decorator).</param>
    /// <param name="credentials">The app whose token is attached.</param>
    /// <param name="invalidator">
    /// Drops a rejected token from whatever holds it. When <see langword="null"/>, <paramref name="tokenProvider"/> is used
    /// if it implements <see cref="IWechatTokenInvalidator"/>; otherwise a rejected token is not invalidated.
    /// </param>
    /// <param name="logger">The logger. Default none.</param>
    public WechatAccessTokenHandler(
        IWechatTokenProvider tokenProvider,
        WechatAppCredentials credentials,
        IWechatTokenInvalidator? invalidator = null,
        ILogger<WechatAccessTokenHandler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tokenProvider);
        ArgumentNullException.ThrowIfNull(credentials);
        _tokenProvider = tokenProvider;
        _credentials = credentials;
        _invalidator = invalidator ?? tokenProvider as IWechatTokenInvalidator;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Creates a handler for a named app.</summary>
    /// <param name="tokenProvider">Where tokens come from (usually the caching decorator).</param>
    /// <param name="apps">The configured apps.</param>
    /// <param name="appName">The app's name in configuration, e.g. <c>"mini"</c>.</param>
    /// <param name="invalidator">See <see cref="WechatAccessTokenHandler(IWechatTokenProvider, WechatAppCredentials, IWechatTokenInvalidator?, ILogger{WechatAccessTokenHandler}?)"/>.</param>
    /// <param name="logger">The logger. Default none.</param>
    /// <exception cref="InvalidOperationException">No app named <paramref name="appName"/> is configured; the message names the keys to set.</exception>
    public WechatAccessTokenHandler(
        IWechatTokenProvider tokenProvider,
        IWechatAppCatalog apps,
        string appName,
        IWechatTokenInvalidator? invalidator = null,
        ILogger<WechatAccessTokenHandler>? logger = null)
        : this(tokenProvider, Resolve(apps, appName), invalidator, logger)
    {
    }

    /// <summary>The app whose token this handler attaches (its <see cref="WechatAppCredentials.ToString"/> hides the secret).</summary>
    public WechatAppCredentials Credentials => _credentials;

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = request.RequestUri;
        if (target is null || !target.IsAbsoluteUri)
        {
            throw new InvalidOperationException("The request has no absolute URI; set HttpClient.BaseAddress or use an absolute URI for WeChat API calls.");
        }

        if (request.Content is not null)
        {
            // Buffered content can be sent again intact if the token is rejected.
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var token = await _tokenProvider.GetAccessTokenAsync(_credentials, cancellationToken).ConfigureAwait(false);
        request.RequestUri = WithAccessToken(target, token.Value);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        WechatAccessToken fresh;
        try
        {
            var errcode = await ReadErrorCodeAsync(response, cancellationToken).ConfigureAwait(false);
            if (errcode is not { } rejected || !WechatErrorCodes.IsTokenRejected(rejected))
            {
                return response;
            }

            Log.TokenRejected(_logger, token.RedactedValue, _credentials.AppId, rejected);
            if (_invalidator is not null)
            {
                await _invalidator.InvalidateAsync(_credentials, token, cancellationToken).ConfigureAwait(false);
            }

            fresh = await _tokenProvider.GetAccessTokenAsync(_credentials, cancellationToken).ConfigureAwait(false);
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
            var again = await ReadErrorCodeAsync(retried, cancellationToken).ConfigureAwait(false);
            if (again is { } code && WechatErrorCodes.IsTokenRejected(code))
            {
                Log.TokenRejectedAgain(_logger, fresh.RedactedValue, _credentials.AppId, code);
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

    private static WechatAppCredentials Resolve(IWechatAppCatalog apps, string appName)
    {
        ArgumentNullException.ThrowIfNull(apps);
        ArgumentException.ThrowIfNullOrWhiteSpace(appName);
        return apps.TryGetCredentials(appName, out var credentials)
            ? credentials
            : throw new InvalidOperationException(
                $"No WeChat app named '{appName}' is configured for the access-token handler. Configured apps: {(apps.AppNames.Count == 0 ? "(none)" : string.Join(", ", apps.AppNames))}. Set Wechat:Apps:{appName}:AppId and Wechat:Apps:{appName}:AppSecret.");
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

    /// <summary>
    /// The top-level <c>errcode</c> of a JSON answer, or <see langword="null"/> for answers that are not JSON
    /// (those are neither read nor buffered).
    /// </summary>
    private static async Task<int?> ReadErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var content = response.Content;
        var mediaType = content?.Headers.ContentType?.MediaType;
        if (content is null || mediaType is null)
        {
            return null;
        }

        var isJson = mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        var isText = mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase);
        if (!isJson && !isText)
        {
            return null;
        }

        if (content.Headers.ContentLength > MaxInspectedBytes)
        {
            return null;
        }

        await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        if (content.Headers.ContentLength > MaxInspectedBytes)
        {
            return null;
        }

        var bytes = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return ParseErrorCode(bytes);
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
