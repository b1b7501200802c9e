using System.Globalization;
using System.Text;

namespace GenAuth.Hexagonal;

/// <summary>
/// The one exception the port throws. It carries what a caller needs to act: where it came from,
/// the upstream's codes, and whether retrying can help.
/// </summary>
/// <remarks>
/// Adapter exceptions (Refit, <see cref="HttpRequestException"/>, JSON errors) are only ever the
/// <see cref="Exception.InnerException"/>. Messages never contain an app secret, an access key secret
/// or a whole access token.
/// </remarks>
public class WechatTokenException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public WechatTokenException()
        : this("The WeChat access token could not be obtained.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong and what to fix. Must not contain a secret or a token.</param>
    public WechatTokenException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong and what to fix. Must not contain a secret or a token.</param>
    /// <param name="innerException">The adapter's exception.</param>
    public WechatTokenException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates a classified exception.</summary>
    /// <param name="message">What went wrong and what to fix. Must not contain a secret or a token.</param>
    /// <param name="source">Which upstream the failure came from.</param>
    /// <param name="kind">What kind of failure it was.</param>
    /// <param name="isTransient">Whether retrying later can help.</param>
    /// <param name="innerException">The adapter's exception, if any.</param>
    public WechatTokenException(
        string message, WechatTokenSource source, WechatTokenErrorKind kind, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        Upstream = source;
        Kind = kind;
        IsTransient = isTransient;
    }

    /// <summary>Which upstream the failure came from.</summary>
    public WechatTokenSource Upstream { get; }

    /// <summary>What kind of failure it was.</summary>
    public WechatTokenErrorKind Kind { get; }

    /// <summary>Whether retrying later can help (timeouts, 5xx, WeChat's -1 and 45011). Configuration errors are never transient.</summary>
    public bool IsTransient { get; }

    /// <summary>The app id the request was for, when known. Not a secret.</summary>
    public string? AppId { get; init; }

    /// <summary>The HTTP status of the upstream's answer, when there was one.</summary>
    public int? HttpStatusCode { get; init; }

    /// <summary>GenAuth's body <c>statusCode</c>, when the body had one.</summary>
    public int? StatusCode { get; init; }

    /// <summary>GenAuth's segmented error code <c>apiCode</c>, when the body had one.</summary>
    public int? ApiCode { get; init; }

    /// <summary>GenAuth's <c>requestId</c>, to quote to GenAuth support.</summary>
    public string? RequestId { get; init; }

    /// <summary>WeChat's <c>errcode</c>, when WeChat returned one.</summary>
    public int? WechatErrorCode { get; init; }

    /// <summary>Describes the exception with its fields; never a secret or a token.</summary>
    /// <returns>The type, message, fields and inner exception.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder(GetType().FullName).Append(": ").Append(Message);
        builder.Append(CultureInfo.InvariantCulture, $" [Upstream={Upstream}, Kind={Kind}, IsTransient={IsTransient}");
        Append(builder, nameof(AppId), AppId);
        Append(builder, nameof(HttpStatusCode), HttpStatusCode);
        Append(builder, nameof(StatusCode), StatusCode);
        Append(builder, nameof(ApiCode), ApiCode);
        Append(builder, nameof(RequestId), RequestId);
        Append(builder, nameof(WechatErrorCode), WechatErrorCode);
        builder.Append(']');
        if (InnerException is not null)
        {
            builder.Append(" ---> ").Append(InnerException.GetType().FullName).Append(": ").Append(InnerException.Message);
        }

        if (StackTrace is not null)
        {
            builder.AppendLine().Append(StackTrace);
        }

        return builder.ToString();
    }

    private static void Append<T>(StringBuilder builder, string name, T? value)
    {
        if (value is not null)
        {
            builder.Append(CultureInfo.InvariantCulture, $", {name}={value}");
        }
    }
}
