using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GenAuth.Hexagonal.Cli.Internal;

internal static class CliOutput
{
    /// <summary>The one JSON object <c>token --json</c> prints.</summary>
    public static string TokenJson(string appId, WechatAccessToken token)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("appId", appId);
            writer.WriteString("accessToken", token.Value);
            writer.WriteNumber("expiresAt", token.ExpiresAtUnixSeconds);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>One line for stderr: the message and the codes that help support, never a secret.</summary>
    public static string Describe(WechatTokenException exception)
    {
        var codes = new List<string>();
        Add(codes, "HTTP", exception.HttpStatusCode);
        Add(codes, "statusCode", exception.StatusCode);
        Add(codes, "apiCode", exception.ApiCode);
        Add(codes, "errcode", exception.WechatErrorCode);
        if (exception.RequestId is not null)
        {
            codes.Add($"requestId {exception.RequestId}");
        }

        var suffix = codes.Count == 0 ? string.Empty : $" ({string.Join(", ", codes)})";
        var retry = exception.IsTransient ? " Retrying later may help." : string.Empty;
        return OneLine($"{exception.Message}{suffix}{retry}");
    }

    public static string OneLine(string text) =>
        text.ReplaceLineEndings(" ");

    private static void Add(List<string> codes, string name, int? value)
    {
        if (value is { } v)
        {
            codes.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {v}"));
        }
    }
}
