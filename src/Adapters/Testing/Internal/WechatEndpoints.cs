using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>The WeChat side: both token endpoints with their rotation rules, a sample business API and a binary media API.</summary>
internal sealed class WechatEndpoints(WechatTokenEmulatorOptions options, WechatTokenStore store)
{
    public const string TokenPath = "/cgi-bin/token";
    public const string StableTokenPath = "/cgi-bin/stable_token";
    public const string CustomSendPath = "/cgi-bin/message/custom/send";
    public const string MediaGetPath = "/cgi-bin/media/get";

    private const int DataFormatError = 47001;
    private const int InvalidMediaId = 40007;

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(TokenPath, (RequestDelegate)GetTokenAsync);
        routes.MapPost(StableTokenPath, (RequestDelegate)GetStableTokenAsync);
        routes.MapPost(CustomSendPath, (RequestDelegate)CustomSendAsync);
        routes.MapGet(MediaGetPath, (RequestDelegate)GetMediaAsync);
    }

    private Task GetTokenAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var error = CheckFetch(query["grant_type"].ToString(), query["appid"].ToString(), query["secret"].ToString(), out var app);
        if (error is not null)
        {
            return error(context);
        }

        var token = store.Rotate(app!);
        return WriteTokenAsync(context, token);
    }

    private Task GetStableTokenAsync(HttpContext context)
    {
        using var body = JsonBody.ParseObject(EmulatorResponses.Scope(context).Body);
        if (body is null)
        {
            return EmulatorResponses.WechatErrorAsync(context, DataFormatError, "data format error");
        }

        var error = CheckFetch(
            JsonBody.String(body, "grant_type") ?? string.Empty,
            JsonBody.String(body, "appid") ?? string.Empty,
            JsonBody.String(body, "secret") ?? string.Empty,
            out var app);
        if (error is not null)
        {
            return error(context);
        }

        if (!JsonBody.Boolean(body, "force_refresh"))
        {
            return WriteTokenAsync(context, store.GetStable(app!));
        }

        var errcode = store.ForceRefreshStable(app!, out var token);
        return errcode switch
        {
            0 => WriteTokenAsync(context, token!),
            WechatErrorCodes.DailyQuotaReached => EmulatorResponses.WechatErrorAsync(context, errcode, "reach max api daily quota limit"),
            _ => EmulatorResponses.WechatErrorAsync(context, errcode, "api minute-quota reach limit, force_refresh at most once per 30 seconds"),
        };
    }

    private Task CustomSendAsync(HttpContext context)
    {
        var tokenError = CheckToken(context);
        if (tokenError is not null)
        {
            return tokenError;
        }

        var body = EmulatorResponses.Scope(context).Body;
        JsonElement? echo = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                echo = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return EmulatorResponses.WechatErrorAsync(context, DataFormatError, "data format error");
            }
        }

        return EmulatorResponses.WriteJsonAsync(
            context, new WechatEchoResponse(0, "ok", echo), EmulatorJsonContext.Default.WechatEchoResponse);
    }

    private Task GetMediaAsync(HttpContext context)
    {
        var tokenError = CheckToken(context);
        if (tokenError is not null)
        {
            return tokenError;
        }

        var mediaId = context.Request.Query["media_id"].ToString();
        if (mediaId.Length == 0)
        {
            return EmulatorResponses.WechatErrorAsync(context, InvalidMediaId, "invalid media_id");
        }

        var bytes = MediaContent.For(mediaId);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/octet-stream";
        response.Headers.ContentDisposition = $"attachment; filename=\"{Uri.EscapeDataString(mediaId)}.bin\"";
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    private Task WriteTokenAsync(HttpContext context, IssuedToken token)
    {
        var expiresIn = (long)Math.Floor((token.ExpiresAt - options.TimeProvider.GetUtcNow()).TotalSeconds);
        return EmulatorResponses.WriteJsonAsync(
            context, new WechatTokenResponse(token.Value, Math.Max(0, expiresIn)), EmulatorJsonContext.Default.WechatTokenResponse);
    }

    /// <summary>Checks a token fetch's parameters; returns the error answer, or <see langword="null"/> with the app.</summary>
    private Func<HttpContext, Task>? CheckFetch(string grantType, string appId, string secret, out WechatApp? app)
    {
        app = null;
        if (!string.Equals(grantType, "client_credential", StringComparison.Ordinal))
        {
            return c => EmulatorResponses.WechatErrorAsync(c, WechatErrorCodes.InvalidGrantType, "invalid grant_type");
        }

        if (appId.Length == 0)
        {
            return c => EmulatorResponses.WechatErrorAsync(c, WechatErrorCodes.AppIdMissing, "appid missing");
        }

        if (secret.Length == 0)
        {
            return c => EmulatorResponses.WechatErrorAsync(c, WechatErrorCodes.AppSecretMissing, "missing secret");
        }

        return store.CheckCredentials(appId, secret, out app) switch
        {
            0 => null,
            WechatErrorCodes.InvalidAppId => c => EmulatorResponses.WechatErrorAsync(c, WechatErrorCodes.InvalidAppId, "invalid appid"),
            _ => c => EmulatorResponses.WechatErrorAsync(c, WechatErrorCodes.InvalidAppSecret, "invalid appsecret"),
        };
    }

    /// <summary>Checks the <c>access_token</c> query parameter; returns the error answer, or <see langword="null"/> when valid.</summary>
    private Task? CheckToken(HttpContext context)
    {
        var token = context.Request.Query["access_token"].ToString();
        if (token.Length == 0)
        {
            return EmulatorResponses.WechatErrorAsync(context, WechatErrorCodes.AccessTokenMissing, "access_token missing");
        }

        return store.Check(token) switch
        {
            TokenStatus.Valid => null,
            TokenStatus.Expired => EmulatorResponses.WechatErrorAsync(context, WechatErrorCodes.AccessTokenExpired, "access_token expired"),
            _ => EmulatorResponses.WechatErrorAsync(
                context, WechatErrorCodes.InvalidCredential, "invalid credential, access_token is invalid or not latest"),
        };
    }
}
