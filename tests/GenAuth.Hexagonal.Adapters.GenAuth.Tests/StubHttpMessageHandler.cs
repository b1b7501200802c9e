using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Tests;

/// <summary>A primary handler that answers from a script and records what each attempt sent (headers are copied at send time).</summary>
internal sealed class StubHttpMessageHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    /// <summary>Answers every request not scripted.</summary>
    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? Default { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public IReadOnlyList<RecordedRequest> RequestsTo(string path) => [.. _requests.Where(r => r.Path == path)];

    public void Enqueue(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) => _script.Enqueue(answer);

    public void Enqueue(HttpStatusCode status, string body, string contentType = "application/json") =>
        Enqueue((_, _) => Task.FromResult(Response(status, body, contentType)));

    public void EnqueueJson(string body) => Enqueue(HttpStatusCode.OK, body);

    public static HttpResponseMessage Response(HttpStatusCode status, string body, string contentType = "application/json") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        _requests.Enqueue(new RecordedRequest(
            request.Method.Method,
            request.RequestUri!.AbsolutePath,
            request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase),
            body));
        if (_script.TryDequeue(out var answer))
        {
            return await answer(request, cancellationToken);
        }

        if (Default is not null)
        {
            return await Default(request, cancellationToken);
        }

        throw new InvalidOperationException($"No scripted answer for {request.Method} {request.RequestUri}.");
    }
}

internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string? Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
