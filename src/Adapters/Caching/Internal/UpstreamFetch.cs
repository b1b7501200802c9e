using System.Diagnostics;

namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// One call to the source, measured and traced: <see cref="IWechatTokenRefresher.RefreshAsync"/> when a rejected token is
/// to be replaced and the source implements it, else <see cref="IWechatTokenProvider.GetAccessTokenAsync"/>. Whatever the
/// source throws reaches the caller as a <see cref="WechatTokenException"/>; an answer that is missing or already expired
/// is one too.
/// </summary>
internal sealed class UpstreamFetch(IWechatTokenProvider inner, CachingTelemetry telemetry, TimeProvider time)
{
    private readonly IWechatTokenRefresher? _refresher = inner as IWechatTokenRefresher;

    private string SourceName => telemetry.SourceName;

    public async Task<WechatAccessToken> FetchAsync(
        WechatAppCredentials credentials, WechatAccessToken? rejected, CancellationToken disposeToken)
    {
        var appId = credentials.AppId;
        telemetry.Add(telemetry.Fetches, appId);
        using var activity = telemetry.StartFetchActivity(appId);
        var started = time.GetTimestamp();
        try
        {
            var token = await CallAsync(credentials, rejected, disposeToken).ConfigureAwait(false);
            return token.ExpiresAt > time.GetUtcNow() ? token : throw Expired(appId, token);
        }
        catch (Exception ex)
        {
            var kind = (ex as WechatTokenException)?.Kind ?? WechatTokenErrorKind.Unknown;
            activity?.SetStatus(ActivityStatusCode.Error, WechatTokenDiagnostics.ErrorTypeOf(kind));
            activity?.SetTag(WechatTokenCachingDiagnostics.ErrorTypeTagName, WechatTokenDiagnostics.ErrorTypeOf(kind));
            throw;
        }
        finally
        {
            telemetry.Record(telemetry.FetchDuration, time.GetElapsedTime(started).TotalSeconds, appId);
        }
    }

    /// <summary>The error for an answer that has expired (when it arrived, or by the time it is applied).</summary>
    public WechatTokenException Expired(string appId, WechatAccessToken token) => new(
        $"The token source '{SourceName}' returned a token for app {appId} that expired at {token.ExpiresAt:O}.",
        WechatTokenSource.Unknown, WechatTokenErrorKind.InvalidResponse, isTransient: true) { AppId = appId };

    private async Task<WechatAccessToken> CallAsync(
        WechatAppCredentials credentials, WechatAccessToken? rejected, CancellationToken disposeToken)
    {
        var appId = credentials.AppId;
        try
        {
            var pending = rejected is not null && _refresher is not null
                ? _refresher.RefreshAsync(credentials, rejected, disposeToken)
                : inner.GetAccessTokenAsync(credentials, disposeToken);
            return await pending.ConfigureAwait(false)
                ?? throw new WechatTokenException(
                    $"The token source '{SourceName}' returned no token for app {appId}.",
                    WechatTokenSource.Unknown, WechatTokenErrorKind.InvalidResponse, isTransient: true) { AppId = appId };
        }
        catch (OperationCanceledException ex) when (!disposeToken.IsCancellationRequested)
        {
            throw new WechatTokenException(
                $"The token source '{SourceName}' timed out fetching a token for app {appId}.",
                WechatTokenSource.Unknown, WechatTokenErrorKind.Timeout, isTransient: true, ex) { AppId = appId };
        }
        catch (Exception ex) when (ex is not WechatTokenException and not OperationCanceledException)
        {
            throw new WechatTokenException(
                $"The token source '{SourceName}' failed fetching a token for app {appId} ({ex.GetType().Name}).",
                WechatTokenSource.Unknown, WechatTokenErrorKind.Unknown, isTransient: false, ex) { AppId = appId };
        }
    }
}
