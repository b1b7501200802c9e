using GenAuth.Hexagonal.Internal;

namespace GenAuth.Hexagonal.Adapters.Wechat.Internal;

/// <summary>
/// The innermost handler of the token clients (both carry the app secret): what the primary handler throws is scrubbed
/// before the retry strategy, its telemetry, Refit or a logger sees it. .NET quotes a malformed header line whole in the
/// message of an <see cref="HttpRequestException"/>, so an answer echoing the secret would otherwise carry it into every
/// log that records the exception.
/// </summary>
internal sealed class WechatTransportScrubbingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Scrubbed(request, ex, cancellationToken) is { } scrubbed)
        {
            throw scrubbed;
        }
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return base.Send(request, cancellationToken);
        }
        catch (Exception ex) when (Scrubbed(request, ex, cancellationToken) is { } scrubbed)
        {
            throw scrubbed;
        }
    }

    /// <summary>A scrubbed copy of <paramref name="exception"/>, or <see langword="null"/> when it can go on as it is.</summary>
    private static Exception? Scrubbed(HttpRequestMessage request, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        // Without the call (a request made outside the provider) the secret is still in the request: the query of
        // GET /cgi-bin/token, or the body of stable_token, which the scrubber cannot see. Query values are taken from the URI.
        var secrets = WechatCall.Of(request)?.Secrets ?? QueryValues(request.RequestUri);
        var scrubbed = UpstreamText.Exception(exception, secrets);
        return ReferenceEquals(scrubbed, exception) ? null : scrubbed;
    }

    private static string?[] QueryValues(Uri? uri) =>
        uri is { IsAbsoluteUri: true, Query.Length: > 1 }
            ? [.. uri.Query[1..].Split('&').Select(p => p.Split('=', 2) is [_, var value] ? Uri.UnescapeDataString(value) : null)]
            : [];
}
