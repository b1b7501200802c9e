using System.Net;
using System.Net.Sockets;

namespace GenAuth.Hexagonal.Security.Tests.Infrastructure;

/// <summary>
/// A primary handler for the application's own client that connects every request, whatever host its URI names,
/// to 127.0.0.1 at the port given for that host name, and trusts only <see cref="TestCertificate"/>. So a test can
/// call <c>https://api.weixin.qq.com/...</c> (an allowed WeChat host) while the bytes go only to a hostile server on loopback.
/// </summary>
internal static class LoopbackRouting
{
    public static SocketsHttpHandler Handler(IReadOnlyDictionary<string, int> portsByHost) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            if (!portsByHost.TryGetValue(context.DnsEndPoint.Host, out var port))
            {
                throw new HttpRequestException($"The test routes no host named {context.DnsEndPoint.Host}.");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
        SslOptions =
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString() == TestCertificate.Instance.GetCertHashString(),
        },
    };
}
