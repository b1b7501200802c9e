using GenAuth.Hexagonal.Adapters.GenAuth.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Adapters.GenAuth;

/// <summary>
/// The driven adapter that gets a WeChat access token cached by the GenAuth (or Authing) server
/// (<c>POST /api/v3/get-weixin-access-token</c> or the configured <see cref="GenAuthOptions.Endpoint"/>).
/// </summary>
/// <remarks>
/// <para>
/// Register it with <c>services.AddWechatTokenProvider().UseGenAuth(...)</c>: the named
/// <see cref="HttpClient"/> <see cref="GenAuthDefaults.HttpClientName"/> carries the retries (connection failures,
/// timeouts, HTTP 408, 429 and 5xx, with jitter), the per-attempt timeout and the authentication (AK/SK signature or
/// management token, fresh per attempt).
/// </para>
/// <para>
/// Every failure is a <see cref="WechatTokenException"/> with <see cref="WechatTokenException.Upstream"/> =
/// <see cref="WechatTokenSource.GenAuth"/>; the caller's own cancellation is an <see cref="OperationCanceledException"/>.
/// It does not cache: add the caching decorator for that.
/// </para>
/// </remarks>
public sealed class GenAuthWechatTokenProvider : IWechatTokenProvider
{
    private readonly Func<IGenAuthApi> _api;
    private readonly GenAuthOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly GenAuthManagementTokenCache? _managementTokens;

    internal GenAuthWechatTokenProvider(
        Func<IGenAuthApi> api,
        IOptions<GenAuthOptions> options,
        TimeProvider timeProvider,
        ILogger<GenAuthWechatTokenProvider> logger,
        GenAuthManagementTokenCache? managementTokens)
    {
        _api = api;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _managementTokens = managementTokens;
    }

    /// <inheritdoc />
    public async ValueTask<WechatAccessToken> GetAccessTokenAsync(
        WechatAppCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        cancellationToken.ThrowIfCancellationRequested();
        var endpoint = _options.Endpoint;
        var call = GenAuthCall.ForWechatToken(endpoint, credentials, _options);
        var request = new GenAuthWechatTokenRequest(credentials.AppId, credentials.AppSecret);

        // The fetch budget holds every attempt, every delay and reading the answer; it runs on real time, like the network.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.TotalTimeout);
        try
        {
            var api = _api();
            using var response = await (endpoint switch
            {
                GenAuthDefaults.WechatAccessTokenEndpoint => api.GetWechatAccessTokenAsync(request, call, budget.Token),
                GenAuthDefaults.WechatAccessTokenInfoEndpoint => api.GetWechatAccessTokenInfoAsync(request, call, budget.Token),
                _ => api.GetWeixinAccessTokenAsync(request, call, budget.Token),
            }).ConfigureAwait(false);
            GenAuthManagementToken? sentWith = null;
            if (response.RequestMessage?.Options.TryGetValue(GenAuthManagementTokenHandler.ManagementTokenKey, out sentWith) == true)
            {
                call.AddSecret(sentWith.Value);
            }

            var body = await GenAuthResponseReader.ReadBodyAsync(call, response, _options.Timeout, _timeProvider, budget.Token).ConfigureAwait(false);

            try
            {
                var token = GenAuthResponseReader.ReadWechatToken(call, response, body, _timeProvider.GetUtcNow());
                Log.TokenFetched(_logger, credentials.AppId, endpoint, token.ExpiresAt);
                return token;
            }
            catch (WechatTokenException ex) when (ex.StatusCode is 401 && _managementTokens is not null && sentWith is not null)
            {
                // The management token was revoked or expired early: drop exactly that one.
                _managementTokens.Invalidate(sentWith);
                Log.ManagementTokenRejected(_logger, ex.StatusCode);
                throw;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller's own cancellation, reported with the caller's token (not the budget's linked one).
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
        catch (Exception ex) when (GenAuthTransportErrors.TryMap(call, ex, _options, cancellationToken, out var mapped))
        {
            Log.TokenFetchFailed(
                _logger, credentials.AppId, endpoint, mapped.Kind, mapped.IsTransient, mapped.HttpStatusCode, mapped.StatusCode, mapped.ApiCode, mapped.RequestId);
            if (ReferenceEquals(mapped, ex))
            {
                throw;
            }

            throw mapped;
        }
    }
}
