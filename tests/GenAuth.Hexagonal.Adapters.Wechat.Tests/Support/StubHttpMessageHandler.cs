using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace GenAuth.Hexagonal.Adapters.Wechat.Tests.Support;

/// <summary>A recorded request: method, URI and body as the server would have seen them.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Body);

/// <summary>An in-memory HttpMessageHandler for unit tests: records each request and answers from a script.</summary>
public sealed class StubHttpMessageHandler : HttpMessageHandler
{
    private readonly Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>> _respond;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _count;

    public StubHttpMessageHandler(Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>> respond) => _respond = respond;

    public StubHttpMessageHandler(Func<HttpRequestMessage, int, HttpResponseMessage> respond)
        : this((r, i, _) => Task.FromResult(respond(r, i)))
    {
    }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public int Count => Volatile.Read(ref _count);

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) };

    public static HttpResponseMessage Text(string text, string mediaType, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(text, Encoding.UTF8, mediaType) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? body = null;
        if (request.Content is not null)
        {
            // CopyToAsync serialises the content the way a real transport does, without buffering it.
            using var copy = new MemoryStream();
            await request.Content.CopyToAsync(copy, cancellationToken);
            body = Encoding.UTF8.GetString(copy.ToArray());
        }

        _requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!, body));
        var index = Interlocked.Increment(ref _count) - 1;
        var response = await _respond(request, index, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}
