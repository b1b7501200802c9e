using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>Writes the emulator's JSON answers and notes their outcome for the request log.</summary>
internal static class EmulatorResponses
{
    public static string NewRequestId() => Guid.NewGuid().ToString("D");

    public static Task WriteJsonAsync<T>(HttpContext context, T value, JsonTypeInfo<T> typeInfo, int httpStatus = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = httpStatus;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    public static Task GenAuthErrorAsync(HttpContext context, int statusCode, int apiCode, string message)
    {
        Scope(context).Outcome = $"genauth:{statusCode}:{apiCode}";
        return WriteJsonAsync(
            context,
            new GenAuthErrorEnvelope(statusCode, message, apiCode, NewRequestId()),
            EmulatorJsonContext.Default.GenAuthErrorEnvelope);
    }

    public static Task WechatErrorAsync(HttpContext context, int errcode, string errmsg)
    {
        Scope(context).Outcome = $"wechat:{errcode}";
        return WriteJsonAsync(
            context,
            new WechatErrorResponse(errcode, $"{errmsg} rid: {Guid.NewGuid():N}"),
            EmulatorJsonContext.Default.WechatErrorResponse);
    }

    public static RequestScope Scope(HttpContext context) => (RequestScope)context.Items[RequestScope.ItemKey]!;
}
