using Refit;

namespace GenAuth.Hexagonal.Adapters.Wechat.Internal;

/// <summary>
/// WeChat's token endpoints. Both return the raw <see cref="HttpResponseMessage"/> so the provider classifies
/// every answer itself and no Refit exception (which would carry the request, secret included) is ever created.
/// </summary>
internal interface IWechatApi
{
    /// <summary><c>POST cgi-bin/stable_token</c>; the secret travels in the JSON body.</summary>
    [Post("/cgi-bin/stable_token")]
    Task<HttpResponseMessage> GetStableTokenAsync([Body(BodySerializationMethod.Serialized, true)] StableTokenRequest request, [Property(WechatCall.OptionsKey)] WechatCall call, CancellationToken cancellationToken);

    /// <summary><c>GET cgi-bin/token</c>; the secret travels in the query string, so the URI must never be logged or shown.</summary>
    [Get("/cgi-bin/token?grant_type=client_credential")]
    Task<HttpResponseMessage> GetTokenAsync([AliasAs("appid")] string appId, [AliasAs("secret")] string secret, [Property(WechatCall.OptionsKey)] WechatCall call, CancellationToken cancellationToken);
}
