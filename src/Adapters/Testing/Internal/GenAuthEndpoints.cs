using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>The GenAuth side: the management-token endpoint and the three token endpoints with their authentication.</summary>
internal sealed class GenAuthEndpoints(
    WechatTokenEmulatorOptions options,
    ConcurrentDictionary<string, AccessKey> accessKeys,
    SignatureVerifier signatures,
    ManagementTokenIssuer managementTokens,
    WechatTokenStore wechat)
{
    public const string ManagementTokenPath = "/api/v3/get-management-token";

    public static readonly string[] TokenPaths =
    [
        "/api/v3/get-weixin-access-token",
        "/api/v3/get-wechat-access-token",
        "/api/v3/get-wechat-access-token-info",
    ];

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(ManagementTokenPath, (RequestDelegate)GetManagementTokenAsync);
        foreach (var path in TokenPaths)
        {
            routes.MapPost(path, (RequestDelegate)GetWechatAccessTokenAsync);
        }
    }

    private Task GetManagementTokenAsync(HttpContext context)
    {
        var scope = EmulatorResponses.Scope(context);
        using var body = JsonBody.ParseObject(scope.Body);
        var accessKeyId = body is null ? null : JsonBody.String(body, "accessKeyId");
        var accessKeySecret = body is null ? null : JsonBody.String(body, "accessKeySecret");
        if (accessKeyId is null || accessKeySecret is null)
        {
            return EmulatorResponses.GenAuthErrorAsync(
                context, 400, EmulatorApiCodes.InvalidRequest, "The body must be a JSON object with accessKeyId and accessKeySecret.");
        }

        var key = FindForManagementToken(accessKeyId, accessKeySecret);
        if (key is null)
        {
            return EmulatorResponses.GenAuthErrorAsync(
                context, 401, EmulatorApiCodes.AccessKeyRejected, "The access key id or access key secret is wrong.");
        }

        var token = managementTokens.Issue(key, options.ManagementTokenLifetime);
        return EmulatorResponses.WriteJsonAsync(
            context,
            new GenAuthEnvelope<ManagementTokenData>(
                200, "Operation successful", EmulatorResponses.NewRequestId(),
                new ManagementTokenData(token, (long)options.ManagementTokenLifetime.TotalSeconds)),
            EmulatorJsonContext.Default.GenAuthEnvelopeManagementTokenData);
    }

    private Task GetWechatAccessTokenAsync(HttpContext context)
    {
        var scope = EmulatorResponses.Scope(context);
        var failure = Authenticate(context, scope.Body);
        if (failure is not null)
        {
            return EmulatorResponses.GenAuthErrorAsync(context, 401, failure.ApiCode, failure.Message);
        }

        using var body = JsonBody.ParseObject(scope.Body);
        var appId = body is null ? null : JsonBody.String(body, "appId");
        var appSecret = body is null ? null : JsonBody.String(body, "appSecret");
        if (appId is null || appSecret is null)
        {
            return EmulatorResponses.GenAuthErrorAsync(
                context, 400, EmulatorApiCodes.InvalidRequest, "The body must be a JSON object with appId and appSecret.");
        }

        var errcode = wechat.CheckCredentials(appId, appSecret, out var app);
        if (errcode == WechatErrorCodes.InvalidAppId)
        {
            return EmulatorResponses.GenAuthErrorAsync(
                context, 400, EmulatorApiCodes.WechatAppIdInvalid, "WeChat rejected the appId: errcode 40013, invalid appid.");
        }

        if (errcode != 0)
        {
            return EmulatorResponses.GenAuthErrorAsync(
                context, 400, EmulatorApiCodes.WechatAppSecretInvalid, "WeChat rejected the appSecret: errcode 40125, invalid appsecret.");
        }

        var token = wechat.GetForGenAuth(app!);
        var requestId = EmulatorResponses.NewRequestId();
        var expiresAt = token.ExpiresAt.ToUnixTimeSeconds();
        return options.ExpiresAtAsString
            ? EmulatorResponses.WriteJsonAsync(
                context,
                new GenAuthEnvelope<GenAuthTokenStringData>(
                    200, "Operation successful", requestId,
                    new GenAuthTokenStringData(token.Value, expiresAt.ToString(CultureInfo.InvariantCulture))),
                EmulatorJsonContext.Default.GenAuthEnvelopeGenAuthTokenStringData)
            : EmulatorResponses.WriteJsonAsync(
                context,
                new GenAuthEnvelope<GenAuthTokenData>(
                    200, "Operation successful", requestId, new GenAuthTokenData(token.Value, expiresAt)),
                EmulatorJsonContext.Default.GenAuthEnvelopeGenAuthTokenData);
    }

    /// <summary>Either AK/SK signature (GenAuth or authing brand) or a bearer management token with the matching user pool header.</summary>
    private AuthFailure? Authenticate(HttpContext context, string body)
    {
        var authorization = context.Request.Headers.Authorization.ToString().Trim();
        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return new AuthFailure(EmulatorApiCodes.AuthorizationMissing, "The authorization header is missing.");
        }

        var scheme = authorization[..space];
        var credential = authorization[(space + 1)..].Trim();
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            var failure = managementTokens.Validate(credential, out var userPoolId);
            if (failure is not null)
            {
                return failure;
            }

            var headers = context.Request.Headers;
            var presented = headers["x-genauth-userpool-id"].ToString();
            if (presented.Length == 0)
            {
                presented = headers["x-authing-userpool-id"].ToString();
            }

            return string.Equals(presented, userPoolId, StringComparison.Ordinal)
                ? null
                : new AuthFailure(EmulatorApiCodes.UserPoolMismatch, "The x-genauth-userpool-id (or x-authing-userpool-id) header must name the management token's user pool.");
        }

        var prefix = SignatureVerifier.PrefixForScheme(scheme);
        return prefix is null
            ? new AuthFailure(EmulatorApiCodes.AuthorizationMissing, "The authorization scheme must be GenAuth, authing or Bearer.")
            : signatures.Verify(context.Request, prefix, credential, body, out _);
    }

    private AccessKey? FindForManagementToken(string accessKeyId, string accessKeySecret)
    {
        if (accessKeys.TryGetValue(accessKeyId, out var key))
        {
            return SecretEquals(key.Secret, accessKeySecret) ? key : null;
        }

        // The SDKs also accept a user pool id with the pool's secret.
        foreach (var candidate in accessKeys.Values)
        {
            if (string.Equals(candidate.UserPoolId, accessKeyId, StringComparison.Ordinal) && SecretEquals(candidate.Secret, accessKeySecret))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool SecretEquals(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
