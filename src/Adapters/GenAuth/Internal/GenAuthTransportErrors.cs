using Polly.Timeout;
using Refit;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>
/// Maps what a call to GenAuth can throw (after Refit's wrapping) to <see cref="WechatTokenException"/>; the original,
/// scrubbed (<see cref="GenAuthCall.Scrub(Exception?)"/>), is only the inner exception.
/// </summary>
internal static class GenAuthTransportErrors
{
    /// <summary>
    /// Maps <paramref name="exception"/>. Returns <see langword="false"/> only for the caller's own cancellation
    /// (which must surface as <see cref="OperationCanceledException"/>).
    /// </summary>
    public static bool TryMap(
        GenAuthCall call, Exception exception, GenAuthOptions options, CancellationToken cancellationToken, out WechatTokenException mapped)
    {
        // Refit wraps transport failures (and exceptions thrown by handlers) in ApiRequestException; it holds the
        // request, whose body holds the app secret, so it is never kept as the inner exception.
        var inner = exception is ApiRequestException { InnerException: { } wrapped } ? wrapped : exception;
        switch (inner)
        {
            case WechatTokenException already:
                mapped = already;
                return true;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                mapped = null!;
                return false;
            case TimeoutRejectedException or OperationCanceledException or TimeoutException:
                mapped = GenAuthErrors.Timeout(call, options, budgetSpent: call.Remaining <= TimeSpan.Zero, inner);
                return true;
            case HttpRequestException or IOException:
                mapped = GenAuthErrors.Network(call, options.GetEffectiveHost(), inner);
                return true;
            case InvalidDataException:
                mapped = GenAuthErrors.InvalidResponse(
                    call, null, $"the body is larger than {GenAuthResponseReader.MaxBodyBytes} bytes", "Check GenAuth:Host points at the GenAuth API.", inner: inner);
                return true;
            default:
                mapped = new WechatTokenException(
                    $"Calling GenAuth's {call.Endpoint} while getting {call.What} failed unexpectedly ({inner.GetType().Name}). Check the GenAuth configuration; report it if it persists.",
                    WechatTokenSource.GenAuth,
                    WechatTokenErrorKind.Unknown,
                    isTransient: false,
                    call.Scrub(inner))
                {
                    AppId = call.AppId,
                };
                return true;
        }
    }
}
