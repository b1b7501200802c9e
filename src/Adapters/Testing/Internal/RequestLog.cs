using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>
/// Per-path counters (counted on arrival) and the log of answered requests, bodies truncated to
/// <see cref="EmulatorRequest.MaxRecordedBodyLength"/>. Thread-safe.
/// </summary>
internal sealed class RequestLog
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly List<EmulatorRequest> _requests = [];
    private long _sequence;
    private int _total;

    public int TotalCount => Volatile.Read(ref _total);

    public IReadOnlyList<EmulatorRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public int Count(string path) => _counts.TryGetValue(path, out var count) ? count : 0;

    /// <summary>Counts an arriving request and returns its sequence number.</summary>
    public long Arrive(string path)
    {
        _counts.AddOrUpdate(path, 1, static (_, count) => count + 1);
        Interlocked.Increment(ref _total);
        return Interlocked.Increment(ref _sequence);
    }

    /// <summary>Logs the request once, with the status about to be sent (0 when there is no response).</summary>
    public void Record(HttpContext context, RequestScope scope, int statusCode)
    {
        if (Interlocked.Exchange(ref scope.Logged, 1) != 0)
        {
            return;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name] = values.ToString();
        }

        var entry = new EmulatorRequest
        {
            Sequence = scope.Sequence,
            ReceivedAt = scope.ReceivedAt,
            Method = context.Request.Method,
            Path = context.Request.Path.Value ?? string.Empty,
            Query = context.Request.QueryString.Value ?? string.Empty,
            Headers = headers,
            Body = scope.Body.Length > EmulatorRequest.MaxRecordedBodyLength ? scope.Body[..EmulatorRequest.MaxRecordedBodyLength] : scope.Body,
            BodyLength = scope.Body.Length,
            StatusCode = statusCode,
            Outcome = scope.Outcome,
        };
        lock (_lock)
        {
            _requests.Add(entry);
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _requests.Clear();
            _counts.Clear();
            Interlocked.Exchange(ref _total, 0);
        }
    }
}
