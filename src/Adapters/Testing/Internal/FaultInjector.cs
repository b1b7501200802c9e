using System.Text;
using Microsoft.AspNetCore.Http;

namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>Holds injected faults and applies them to matching requests. Thread-safe.</summary>
internal sealed class FaultInjector
{
    private readonly Lock _lock = new();
    private readonly List<FaultRule> _rules = [];

    public void Add(EmulatorFault fault, int times, string? pathPrefix)
    {
        lock (_lock)
        {
            _rules.Add(new FaultRule(fault, times, pathPrefix));
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _rules.Clear();
        }
    }

    /// <summary>Takes the first fault (in injection order) that applies to <paramref name="path"/>, using up one of its times.</summary>
    public EmulatorFault? Take(string path)
    {
        lock (_lock)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var rule = _rules[i];
                if (rule.PathPrefix is not null && !path.StartsWith(rule.PathPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                if (--rule.Remaining <= 0)
                {
                    _rules.RemoveAt(i);
                }

                return rule.Fault;
            }

            return null;
        }
    }

    /// <summary>
    /// Applies <paramref name="fault"/>. Returns <see langword="true"/> when the request should then be
    /// handled normally (latency), <see langword="false"/> when the fault answered (or dropped) it.
    /// </summary>
    public static async Task<bool> ApplyAsync(EmulatorFault fault, HttpContext context, RequestScope scope, RequestLog log)
    {
        var response = context.Response;
        switch (fault)
        {
            case LatencyFault latency:
                try
                {
                    await Task.Delay(latency.Delay, TimeProvider.System, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    scope.Outcome = "aborted";
                    log.Record(context, scope, 0);
                    return false;
                }

                return true;

            case HttpStatusFault status:
                scope.Outcome = "fault:HttpStatus";
                response.StatusCode = status.StatusCode;
                if (status.Content is not null && status.StatusCode is not (StatusCodes.Status204NoContent or StatusCodes.Status304NotModified))
                {
                    await WriteRawAsync(response, status.Content, status.ContentType, context.RequestAborted).ConfigureAwait(false);
                }

                return false;

            case GenAuthErrorFault genAuth:
                scope.Outcome = "fault:GenAuthError";
                await EmulatorResponses.WriteJsonAsync(
                    context,
                    new GenAuthErrorEnvelope(genAuth.StatusCode, genAuth.Message, genAuth.ApiCode, EmulatorResponses.NewRequestId()),
                    EmulatorJsonContext.Default.GenAuthErrorEnvelope).ConfigureAwait(false);
                return false;

            case WechatErrorFault wechat:
                scope.Outcome = "fault:WechatError";
                await EmulatorResponses.WriteJsonAsync(
                    context,
                    new WechatErrorResponse(wechat.ErrorCode, wechat.ErrorMessage),
                    EmulatorJsonContext.Default.WechatErrorResponse).ConfigureAwait(false);
                return false;

            case BodyFault body:
                scope.Outcome = "fault:Body";
                response.StatusCode = StatusCodes.Status200OK;
                await WriteRawAsync(response, body.Content, body.ContentType, context.RequestAborted).ConfigureAwait(false);
                return false;

            case DropConnectionFault:
                scope.Outcome = "fault:DropConnection";
                log.Record(context, scope, 0);
                context.Abort();
                return false;

            default:
                throw new InvalidOperationException($"Unknown fault {fault.GetType().Name}.");
        }
    }

    private static async Task WriteRawAsync(HttpResponse response, string content, string contentType, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        if (bytes.Length > 0)
        {
            await response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
    }
}
