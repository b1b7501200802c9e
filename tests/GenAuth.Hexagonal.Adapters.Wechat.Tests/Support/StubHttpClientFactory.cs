namespace GenAuth.Hexagonal.Adapters.Wechat.Tests.Support;

/// <summary>Hands out HttpClients over one handler and records the names asked for.</summary>
public sealed class StubHttpClientFactory(HttpMessageHandler handler) : IHttpClientFactory
{
    private readonly List<string> _names = [];

    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_names)
            {
                return [.. _names];
            }
        }
    }

    public HttpClient CreateClient(string name)
    {
        lock (_names)
        {
            _names.Add(name);
        }

        return new HttpClient(handler, disposeHandler: false);
    }
}
