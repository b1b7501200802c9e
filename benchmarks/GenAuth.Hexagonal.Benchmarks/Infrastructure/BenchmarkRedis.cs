using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace GenAuth.Hexagonal.Benchmarks.Infrastructure;

/// <summary>
/// A local <c>redis-server</c> for the Redis benchmarks, started by the benchmark process itself on 127.0.0.1 and a free port
/// (no persistence) and stopped at cleanup. When no redis-server is installed, <see cref="Start"/> returns null and the
/// benchmarks measure nothing, saying so once.
/// </summary>
internal sealed class BenchmarkRedis : IDisposable
{
    private static readonly string[] Candidates = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];
    private readonly Process _process;

    private BenchmarkRedis(Process process, int port)
    {
        _process = process;
        EndPoint = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
    }

    public string EndPoint { get; }

    public static BenchmarkRedis? Start()
    {
        var executable = Candidates.FirstOrDefault(File.Exists);
        if (executable is null)
        {
            Console.WriteLine("// redis-server not found: the Redis benchmarks run as no-ops. Install it (apt-get install redis-server) for figures.");
            return null;
        }

        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var info = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in new[] { "--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--save", string.Empty, "--appendonly", "no", "--loglevel", "warning" })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var server = new BenchmarkRedis(process, port);
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException)
            {
                Thread.Sleep(25);
            }
        }

        server.Dispose();
        throw new InvalidOperationException("redis-server did not start.");
    }

    public ConnectionMultiplexer Connect(bool allowAdmin = false)
    {
        var configuration = ConfigurationOptions.Parse(EndPoint);
        configuration.AbortOnConnectFail = false;
        configuration.AllowAdmin = allowAdmin;
        return ConnectionMultiplexer.Connect(configuration);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
