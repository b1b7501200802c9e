using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace GenAuth.Hexagonal.Security.Tests.Infrastructure;

/// <summary>
/// An HTTP/1.1 server on 127.0.0.1 (port 0) built on a raw <see cref="TcpListener"/>: it reads each request itself
/// and lets the test write any bytes back (malformed header lines, redirects anywhere, endless chunked bodies).
/// One request per connection; the connection is closed after the answer.
/// </summary>
internal sealed class HostileServer : IAsyncDisposable
{
    public const int MaxKeptBodyBytes = 16 * 1024 * 1024;

    private readonly TcpListener _listener;
    private readonly Func<HostileExchange, Task> _respond;
    private readonly Action<HostileRequest>? _onHead;
    private readonly bool _tls;
    private readonly ConcurrentQueue<HostileRequest> _requests = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connectionCount;

    private HostileServer(Func<HostileExchange, Task> respond, Action<HostileRequest>? onHead, bool tls)
    {
        _respond = respond;
        _onHead = onHead;
        _tls = tls;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Connections accepted, whether or not a request followed.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    public IReadOnlyList<HostileRequest> Requests => [.. _requests];

    /// <summary>Starts a server; <paramref name="respond"/> writes the answer to each request (the body is already read).</summary>
    /// <param name="respond">Writes the answer.</param>
    /// <param name="onHead">Called when a request's head has arrived, before its body is read.</param>
    /// <param name="tls">
    /// Speak HTTPS with <see cref="TestCertificate"/>; clients reach it through <see cref="LoopbackRouting"/> under any
    /// host name (e.g. <c>https://api.weixin.qq.com/</c>) while the connection still goes only to 127.0.0.1.
    /// </param>
    public static HostileServer Start(Func<HostileExchange, Task> respond, Action<HostileRequest>? onHead = null, bool tls = false) =>
        new(respond, onHead, tls);

    /// <summary>A server that answers every request with the same bytes.</summary>
    public static HostileServer Answering(string rawResponse, bool tls = false) => Start(e => e.WriteAsync(rawResponse), tls: tls);

    /// <summary>A server that reads each request and never answers (until the client gives up or the test ends).</summary>
    public static HostileServer Silent() => Start(e => Task.Delay(Timeout.Infinite, e.Stopping));

    public int Count(string path) => _requests.Count(r => r.Path == path);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(_connections.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var number = Interlocked.Increment(ref _connectionCount);
            _connections.Add(Task.Run(() => ServeAsync(client, number)));
        }
    }

    private async Task ServeAsync(TcpClient client, int number)
    {
        using (client)
        {
            try
            {
                client.NoDelay = true;
                Stream stream = client.GetStream();
                if (_tls)
                {
                    var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = TestCertificate.Instance }, _stop.Token);
                    stream = ssl;
                }

                var reader = new RawHttpReader(stream);
                var requestLine = await reader.ReadLineAsync(_stop.Token);
                if (string.IsNullOrEmpty(requestLine))
                {
                    return;
                }

                var head = new StringBuilder(requestLine);
                var headers = new List<KeyValuePair<string, string>>();
                while (await reader.ReadLineAsync(_stop.Token) is { Length: > 0 } line)
                {
                    head.Append("\r\n").Append(line);
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    headers.Add(colon < 0
                        ? KeyValuePair.Create(line, string.Empty)
                        : KeyValuePair.Create(line[..colon].Trim(), line[(colon + 1)..].Trim()));
                }

                var parts = requestLine.Split(' ');
                var request = new HostileRequest
                {
                    Connection = number,
                    Method = parts[0],
                    Target = parts.Length > 1 ? parts[1] : string.Empty,
                    Headers = headers,
                    Head = head.ToString(),
                };
                _onHead?.Invoke(request);
                await reader.ReadBodyAsync(request, MaxKeptBodyBytes, _stop.Token);
                _requests.Enqueue(request);
                await _respond(new HostileExchange(request, stream, _stop.Token));
                await stream.FlushAsync(_stop.Token);
                if (stream is SslStream tlsStream)
                {
                    await tlsStream.ShutdownAsync();
                }

                client.Client.Shutdown(SocketShutdown.Send);
                await stream.DisposeAsync();
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidDataException or System.Security.Authentication.AuthenticationException)
            {
                // The client went away or the test is over: nothing to answer.
            }
        }
    }
}
