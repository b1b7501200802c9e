using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>
/// Authenticates each attempt with the cached management token: <c>authorization: Bearer</c> and
/// <c>{prefix}userpool-id</c> (read from the token's <c>scoped_userpool_id</c> claim).
/// </summary>
internal sealed class GenAuthManagementTokenHandler : DelegatingHandler
{
    private readonly GenAuthManagementTokenCache _cache;
    private readonly GenAuthOptions _options;

    public GenAuthManagementTokenHandler(GenAuthManagementTokenCache cache, IOptions<GenAuthOptions> options)
    {
        _cache = cache;
        _options = options.Value;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        GenAuthRequestHeaders.ApplyCommon(request, _options);
        var token = await _cache.GetAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        GenAuthRequestHeaders.Set(request, GenAuthBrandInfo.HeaderPrefix(_options.Brand) + "userpool-id", token.UserPoolId);
        request.Options.Set(ManagementTokenKey, token);
        GenAuthCall.Of(request)?.AddSecret(token.Value);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.RequestMessage ??= request;
        return response;
    }

    /// <summary>The management token an attempt was sent with, so the provider can drop exactly that token when GenAuth rejects it.</summary>
    public static readonly HttpRequestOptionsKey<GenAuthManagementToken> ManagementTokenKey = new("GenAuth.Hexagonal.ManagementToken");
}
