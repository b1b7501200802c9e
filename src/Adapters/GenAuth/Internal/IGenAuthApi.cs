using Refit;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>
/// GenAuth's token endpoints. Each answers with the raw <see cref="HttpResponseMessage"/>: the adapter reads and
/// classifies the body itself, so HTML pages, empty bodies and non-2xx statuses become typed errors. The
/// <see cref="GenAuthCall"/> rides along in the request's options for the handlers and the retry strategy.
/// </summary>
internal interface IGenAuthApi
{
    [Post(GenAuthDefaults.WeixinAccessTokenEndpoint)]
    Task<HttpResponseMessage> GetWeixinAccessTokenAsync([Body(buffered: true)] GenAuthWechatTokenRequest request, [Property(GenAuthCall.OptionsKey)] GenAuthCall call, CancellationToken cancellationToken);

    [Post(GenAuthDefaults.WechatAccessTokenEndpoint)]
    Task<HttpResponseMessage> GetWechatAccessTokenAsync([Body(buffered: true)] GenAuthWechatTokenRequest request, [Property(GenAuthCall.OptionsKey)] GenAuthCall call, CancellationToken cancellationToken);

    [Post(GenAuthDefaults.WechatAccessTokenInfoEndpoint)]
    Task<HttpResponseMessage> GetWechatAccessTokenInfoAsync([Body(buffered: true)] GenAuthWechatTokenRequest request, [Property(GenAuthCall.OptionsKey)] GenAuthCall call, CancellationToken cancellationToken);
}
