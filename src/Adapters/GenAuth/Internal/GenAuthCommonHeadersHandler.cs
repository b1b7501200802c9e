namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>Adds the brand headers (sdk-version, lang, tenant) to the management-token client's requests, from the fetch's options.</summary>
internal sealed class GenAuthCommonHeadersHandler(LastValidOptionsMonitor<GenAuthOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        GenAuthRequestHeaders.ApplyCommon(request, GenAuthCall.Of(request)?.Options ?? options.CurrentValue);
        return base.SendAsync(request, cancellationToken);
    }
}
