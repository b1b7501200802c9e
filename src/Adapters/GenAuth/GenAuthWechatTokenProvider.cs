using System.Diagnostics.Metrics;
using GenAuth.Hexagonal.Adapters.GenAuth.Internal;
using GenAuth.Hexagonal.Internal;
using Microsoft.Extensions.Logging;

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
/// management token, fresh per attempt). Each fetch reads the last valid <see cref="GenAuthOptions"/>, so configuration
/// reloads (a rotated access key secret) apply to the next fetch.
/// </para>
/// <para>
/// GenAuth's <c>data.expiresAt</c> is on GenAuth's clock: the token's expiry is corrected by the answer's <c>Date</c> header,
/// only ever shortened (<c>receipt + min(expiresAt − Date, expiresAt − receipt)</c>); an answer without one is used as it
/// is, and a Warning says so once.
/// </para>
/// <para>
/// Every failure is a <see cref="WechatTokenException"/> with <see cref="WechatTokenException.Upstream"/> =
/// <see cref="WechatTokenSource.GenAuth"/>; the caller's own cancellation is an <see cref="OperationCanceledException"/>.
/// It does not cache: add the caching decorator for that. It does not implement <see cref="IWechatTokenRefresher"/>: GenAuth
/// has no way to force a new token, so after a rejection a plain fetch is all a cache can ask of it.
/// </para>
/// </remarks>
public sealed class GenAuthWechatTokenProvider : IWechatTokenProvider, IWechatTokenSourceInfo
{
    private readonly Func<IGenAuthApi> _api;
    private readonly Func<GenAuthOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly GenAuthManagementTokenCache _managementTokens;
    private readonly SourceTelemetry _telemetry;
    private int _missingDateLogged;

    internal GenAuthWechatTokenProvider(
        Func<IGenAuthApi> api,
        Func<GenAuthOptions> options,
        TimeProvider timeProvider,
        ILogger<GenAuthWechatTokenProvider> logger,
        GenAuthManagementTokenCache managementTokens,
        IMeterFactory? meterFactory)
    {
        _api = api;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _managementTokens = managementTokens;
        _telemetry = new SourceTelemetry(meterFactory, GenAuthRegistration.SourceName);
    }

    /// <summary><see cref="GenAuthDefaults.TokenKind"/>: <c>genauth</c>.</summary>
    public string TokenKind => GenAuthDefaults.TokenKind;

    /// <summary>The current <see cref="GenAuthOptions.TotalTimeout"/> (it follows configuration reloads).</summary>
    public TimeSpan FetchBudget => _options().TotalTimeout;

    /// <summary><see langword="false"/>: GenAuth hands every caller the token its server holds.</summary>
    public bool RotatesOnFetch => false;

    /// <inheritdoc />
    public async ValueTask<WechatAccessToken> GetAccessTokenAsync(
        WechatAppCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        cancellationToken.ThrowIfCancellationRequested();

        // One snapshot of the options for the whole fetch, every attempt included: reloads apply to the next fetch.
        var options = _options();
        var endpoint = options.Endpoint;
        var call = GenAuthCall.ForWechatToken(endpoint, credentials, options);
        var request = new GenAuthWechatTokenRequest(credentials.AppId, credentials.AppSecret);
        var measurement = _telemetry.Start(
            WechatTokenDiagnostics.SourceFetchActivityName, GenAuthDefaults.TokenKind, credentials.AppId, options.IncludeAppIdInTelemetry);
        int? httpStatus = null;
        WechatTokenException? failure = null;

        // The fetch budget holds every attempt, every delay and reading the answer; it runs on real time, like the network.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(options.TotalTimeout);
        try
        {
            var api = _api();
            using var response = await (endpoint switch
            {
                GenAuthDefaults.WechatAccessTokenEndpoint => api.GetWechatAccessTokenAsync(request, call, budget.Token),
                GenAuthDefaults.WechatAccessTokenInfoEndpoint => api.GetWechatAccessTokenInfoAsync(request, call, budget.Token),
                _ => api.GetWeixinAccessTokenAsync(request, call, budget.Token),
            }).ConfigureAwait(false);
            httpStatus = (int)response.StatusCode;
            GenAuthManagementToken? sentWith = null;
            if (response.RequestMessage?.Options.TryGetValue(GenAuthAuthenticationHandler.ManagementTokenKey, out sentWith) == true)
            {
                call.AddSecret(sentWith.Value);
            }

            var body = await GenAuthResponseReader.ReadBodyAsync(call, response, options.Timeout, _timeProvider, budget.Token).ConfigureAwait(false);

            try
            {
                var receipt = _timeProvider.GetUtcNow();
                var token = GenAuthResponseReader.ReadWechatToken(call, response, body, receipt, out var serverDate);
                NoteServerDate(endpoint, credentials.AppId, receipt, serverDate, token);
                Log.TokenFetched(_logger, credentials.AppId, endpoint, token.ExpiresAt);
                return token;
            }
            catch (WechatTokenException ex) when (ex.StatusCode is 401 && sentWith is not null)
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
        catch (Exception ex) when (GenAuthTransportErrors.TryMap(call, ex, options, cancellationToken, out var mapped))
        {
            failure = mapped;
            Log.TokenFetchFailed(
                _logger, credentials.AppId, endpoint, mapped.Kind, mapped.IsTransient, mapped.HttpStatusCode, mapped.StatusCode, mapped.ApiCode, mapped.RequestId);
            if (ReferenceEquals(mapped, ex))
            {
                throw;
            }

            throw mapped;
        }
        finally
        {
            _telemetry.EndFetch(measurement, httpStatus, failure);
        }
    }

    /// <summary>Says once that answers carry no <c>Date</c> (no skew correction), and at Debug when a correction shortened the expiry.</summary>
    private void NoteServerDate(string endpoint, string appId, DateTimeOffset receipt, DateTimeOffset? serverDate, WechatAccessToken token)
    {
        if (serverDate is not { } date)
        {
            if (Interlocked.Exchange(ref _missingDateLogged, 1) == 0)
            {
                Log.ResponseWithoutDate(_logger, endpoint);
            }
        }
        else if (date > receipt && _logger.IsEnabled(LogLevel.Debug))
        {
            Log.ClockSkewCorrected(_logger, date - receipt, appId, token.ExpiresAt);
        }
    }
}
