using GenAuth.Hexagonal.Internal;

namespace GenAuth.Hexagonal.Adapters.Wechat.Internal;

/// <summary>The transport scrubber of the token clients (both carry the app secret).</summary>
internal sealed class WechatTransportScrubbingHandler : TransportScrubbingHandler
{
    // Without the call (a request made outside the provider) the secret is still in the request: the query of
    // GET /cgi-bin/token, or the body of stable_token, which the scrubber cannot see. Query values are taken from the URI.
    protected override IReadOnlyList<string?> SecretsOf(HttpRequestMessage request) =>
        WechatCall.Of(request)?.Secrets ?? QueryValues(request.RequestUri);

    private static string?[] QueryValues(Uri? uri) =>
        uri is { IsAbsoluteUri: true, Query.Length: > 1 }
            ? [.. uri.Query[1..].Split('&').Select(p => p.Split('=', 2) is [_, var value] ? Uri.UnescapeDataString(value) : null)]
            : [];
}
