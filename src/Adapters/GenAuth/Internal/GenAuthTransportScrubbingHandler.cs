using GenAuth.Hexagonal.Internal;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>
/// The transport scrubber of GenAuth's clients (both carry secrets): the call's app secret, the access key secret and the
/// management token in the request's bearer header.
/// </summary>
internal sealed class GenAuthTransportScrubbingHandler(LastValidOptionsMonitor<GenAuthOptions> options) : TransportScrubbingHandler
{
    protected override IReadOnlyList<string?> SecretsOf(HttpRequestMessage request)
    {
        var call = GenAuthCall.Of(request);
        var bearer = request.Headers.Authorization is { Scheme: "Bearer", Parameter: { } token } ? token : null;
        call?.AddSecret(bearer);
        return [.. call?.Secrets ?? [], options.CurrentValue.AccessKeySecret, bearer];
    }
}
