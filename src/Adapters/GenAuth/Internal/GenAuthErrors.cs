using System.Globalization;
using System.Net;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>Builds the adapter's <see cref="WechatTokenException"/>s. Messages say what to fix and never hold a secret or a token.</summary>
internal static class GenAuthErrors
{
    public static bool IsTransientStatus(int status) => status is 408 or 429 || status >= 500;

    public static WechatTokenException HttpError(GenAuthCall call, int httpStatus, GenAuthEnvelopeHeader? header, HttpResponseMessage? response = null)
    {
        var reason = Enum.IsDefined(typeof(HttpStatusCode), httpStatus) ? $" ({(HttpStatusCode)httpStatus})" : string.Empty;
        var details = header is null ? string.Empty : Details(header, call);
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"GenAuth answered {call.Endpoint} with HTTP {httpStatus}{reason} while getting {call.What}.{Redirect(httpStatus, response)}{RetryAfter(call, response)}{details} {HttpHint(call, httpStatus)}");
        return new WechatTokenException(message, WechatTokenSource.GenAuth, WechatTokenErrorKind.HttpError, IsTransientStatus(httpStatus))
        {
            AppId = call.AppId,
            HttpStatusCode = httpStatus,
            StatusCode = header?.StatusCode,
            ApiCode = header?.ApiCode,
            RequestId = ScrubbedRequestId(call, header?.RequestId),
        };
    }

    /// <summary>How long a 429/503 answer asked to wait (<c>Retry-After</c>, seconds or a date), or <see langword="null"/>.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage? response)
    {
        var retryAfter = response?.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - (response!.Headers.Date ?? TimeProvider.System.GetUtcNow());
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    public static WechatTokenException UpstreamError(GenAuthCall call, int httpStatus, GenAuthEnvelopeHeader header)
    {
        var status = header.StatusCode ?? 0;
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"GenAuth refused to return {call.What} (statusCode {status}{(header.ApiCode is { } apiCode ? $", apiCode {apiCode}" : string.Empty)}{(header.RequestId is { Length: > 0 } requestId ? $", requestId {call.Scrub(requestId)}" : string.Empty)}): \"{call.Scrub(header.Message)}\". {BusinessHint(call, status, header.ApiCode)}");
        return new WechatTokenException(message, WechatTokenSource.GenAuth, WechatTokenErrorKind.UpstreamError, IsTransientStatus(status))
        {
            AppId = call.AppId,
            HttpStatusCode = httpStatus,
            StatusCode = header.StatusCode,
            ApiCode = header.ApiCode,
            RequestId = ScrubbedRequestId(call, header.RequestId),
        };
    }

    public static WechatTokenException InvalidResponse(
        GenAuthCall call, int? httpStatus, string problem, string hint, GenAuthEnvelopeHeader? header = null, Exception? inner = null) =>
        new(
            $"GenAuth's answer to {call.Endpoint} while getting {call.What} could not be used: {problem}. {hint}",
            WechatTokenSource.GenAuth,
            WechatTokenErrorKind.InvalidResponse,
            isTransient: false,
            call.Scrub(inner))
        {
            AppId = call.AppId,
            HttpStatusCode = httpStatus,
            StatusCode = header?.StatusCode,
            ApiCode = header?.ApiCode,
            RequestId = ScrubbedRequestId(call, header?.RequestId),
        };

    public static WechatTokenException Timeout(GenAuthCall call, GenAuthOptions options, bool budgetSpent, Exception inner) =>
        new(
            budgetSpent
                ? string.Create(
                    CultureInfo.InvariantCulture,
                    $"GenAuth did not answer {call.Endpoint} within the fetch budget while getting {call.What} (GenAuth:TotalTimeout is {options.TotalTimeout}, every attempt and delay included; GenAuth:Timeout is {options.Timeout} per attempt). Retry later; if it keeps happening check the network path to GenAuth:Host or raise GenAuth:TotalTimeout.")
                : string.Create(
                    CultureInfo.InvariantCulture,
                    $"GenAuth did not answer {call.Endpoint} within the timeout while getting {call.What} (GenAuth:Timeout is {options.Timeout} per attempt, within GenAuth:TotalTimeout {options.TotalTimeout}). Retry later; if it keeps happening check the network path to GenAuth:Host or raise GenAuth:Timeout."),
            WechatTokenSource.GenAuth,
            WechatTokenErrorKind.Timeout,
            isTransient: true,
            call.Scrub(inner))
        {
            AppId = call.AppId,
        };

    public static WechatTokenException Network(GenAuthCall call, Uri host, Exception inner) =>
        new(
            $"Could not reach GenAuth at {host.GetLeftPart(UriPartial.Authority)} for {call.Endpoint} while getting {call.What}: {call.Scrub(inner.Message)} Check GenAuth:Host, DNS, proxies and firewalls; retry later.",
            WechatTokenSource.GenAuth,
            WechatTokenErrorKind.Network,
            isTransient: true,
            call.Scrub(inner))
        {
            AppId = call.AppId,
        };

    /// <summary>For a 3xx answer: where it pointed (the host only, never the path or query) and that it was not followed.</summary>
    private static string Redirect(int httpStatus, HttpResponseMessage? response)
    {
        if (httpStatus is < 300 or > 399)
        {
            return string.Empty;
        }

        var location = response?.Headers.Location;
        if (location is not null && !location.IsAbsoluteUri && response?.RequestMessage?.RequestUri is { IsAbsoluteUri: true } requestUri)
        {
            location = new Uri(requestUri, location);
        }

        var target = location is { IsAbsoluteUri: true }
            ? (location.IsDefaultPort ? location.IdnHost : string.Create(CultureInfo.InvariantCulture, $"{location.IdnHost}:{location.Port}"))
            : "no usable Location";
        return $" It redirects to {target}; redirects are never followed (they would carry the request, secrets included, to another host).";
    }

    private static string RetryAfter(GenAuthCall call, HttpResponseMessage? response)
    {
        if (RetryAfterOf(response) is not { } wait)
        {
            return string.Empty;
        }

        var seconds = (long)Math.Ceiling(wait.TotalSeconds);
        var fits = wait <= GenAuthDefaults.MaxRetryAfter && wait <= call.Remaining;
        return string.Create(
            CultureInfo.InvariantCulture,
            $" GenAuth asked to retry after {seconds} s (Retry-After: {seconds}){(fits ? "." : $", longer than this fetch may wait (at most {GenAuthDefaults.MaxRetryAfter.TotalSeconds:0} s, within GenAuth:TotalTimeout), so it was not waited for.")}");
    }

    private static string Details(GenAuthEnvelopeHeader header, GenAuthCall call)
    {
        var parts = new List<string>();
        if (header.StatusCode is { } status)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"statusCode {status}"));
        }

        if (header.ApiCode is { } apiCode)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"apiCode {apiCode}"));
        }

        if (header.RequestId is { Length: > 0 } requestId)
        {
            parts.Add($"requestId {call.Scrub(requestId)}");
        }

        if (!string.IsNullOrWhiteSpace(header.Message))
        {
            parts.Add($"message \"{call.Scrub(header.Message)}\"");
        }

        return parts.Count == 0 ? string.Empty : $" The body says: {string.Join(", ", parts)}.";
    }

    private static string HttpHint(GenAuthCall call, int status) => status switch
    {
        401 or 403 => "Check GenAuth:AccessKeyId and GenAuth:AccessKeySecret, and that GenAuth:Brand matches GenAuth:Host.",
        404 => call.IsManagementToken
            ? "Check GenAuth:Host (a private deployment may not expose the management-token endpoint; try GenAuth:Auth = Signature)."
            : "Check GenAuth:Host and GenAuth:Endpoint.",
        408 or 429 => "GenAuth is busy or rate limiting; retry later.",
        >= 500 => "GenAuth, or a gateway in front of it, failed; retry later.",
        >= 300 and <= 399 => "Set GenAuth:Host to the address that answers the API itself.",
        _ => "Check GenAuth:Host, GenAuth:Endpoint and the request's credentials.",
    };

    private static string BusinessHint(GenAuthCall call, int status, int? apiCode) => status switch
    {
        401 or 403 => call.IsManagementToken
            ? "Check GenAuth:AccessKeyId and GenAuth:AccessKeySecret."
            : "GenAuth did not accept the request's authentication: check GenAuth:AccessKeyId, GenAuth:AccessKeySecret, GenAuth:Brand and GenAuth:Auth, and that the server clock is right.",
        400 when !call.IsManagementToken => $"Check the AppId and AppSecret of app {call.AppId}: they must match the WeChat app configured in GenAuth.",
        404 when !call.IsManagementToken => $"Check that app {call.AppId} is configured in GenAuth, and GenAuth:Endpoint.",
        408 or 429 => "GenAuth is busy or rate limiting; retry later.",
        >= 500 => "GenAuth failed; retry later.",
        _ => apiCode is null ? "See GenAuth's error documentation." : "Look the apiCode up in GenAuth's error code documentation.",
    };

    /// <summary>The body's requestId, scrubbed like any upstream text: it reaches the exception's ToString and logs.</summary>
    private static string? ScrubbedRequestId(GenAuthCall call, string? requestId) =>
        string.IsNullOrEmpty(requestId) ? null : call.Scrub(requestId);
}
