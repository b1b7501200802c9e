using System.Globalization;
using System.Text;

namespace GenAuth.Hexagonal.Security.Tests.Infrastructure;

/// <summary>Builds raw HTTP/1.1 answers; every one closes the connection.</summary>
internal static class Raw
{
    /// <summary>A complete answer with a Content-Length; <paramref name="headerLines"/> are written verbatim (malformed ones too).</summary>
    public static string Response(int status, string? contentType, string body, params string[] headerLines)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {Reason(status)}\r\n");
        if (contentType is not null)
        {
            head.Append("Content-Type: ").Append(contentType).Append("\r\n");
        }

        foreach (var line in headerLines)
        {
            head.Append(line).Append("\r\n");
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n");
        return head + body;
    }

    public static string Json(string body, params string[] headerLines) => Response(200, "application/json", body, headerLines);

    public static string Json(int status, string body, params string[] headerLines) => Response(status, "application/json", body, headerLines);

    /// <summary>A 3xx answer pointing at <paramref name="location"/>.</summary>
    public static string Redirect(int status, string location) => Response(status, "text/plain", "moved", "Location: " + location);

    /// <summary>GenAuth's success envelope with a WeChat token.</summary>
    public static string GenAuthToken(string accessToken, long? expiresAt = null) =>
        Json($$$"""{"statusCode":200,"message":"ok","requestId":"req-1","data":{"accessToken":"{{{accessToken}}}","expiresAt":{{{expiresAt ?? DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds()}}}}}""");

    /// <summary>GenAuth's management-token answer.</summary>
    public static string ManagementToken(string token, int expiresIn = 7200) =>
        Json($$$"""{"statusCode":200,"message":"ok","data":{"access_token":"{{{token}}}","expires_in":{{{expiresIn}}}}}""");

    /// <summary>WeChat's token answer.</summary>
    public static string WechatToken(string accessToken, int expiresIn = 7200) =>
        Json($$"""{"access_token":"{{accessToken}}","expires_in":{{expiresIn}}}""");

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
