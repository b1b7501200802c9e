using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>Adds the brand headers (sdk-version, lang, tenant) to the management-token client's requests.</summary>
internal sealed class GenAuthCommonHeadersHandler : DelegatingHandler
{
    private readonly GenAuthOptions _options;

    public GenAuthCommonHeadersHandler(IOptions<GenAuthOptions> options) => _options = options.Value;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        GenAuthRequestHeaders.ApplyCommon(request, _options);
        return base.SendAsync(request, cancellationToken);
    }
}
