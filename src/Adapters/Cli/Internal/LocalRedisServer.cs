using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace GenAuth.Hexagonal.Cli.Internal;

/// <summary>
/// A throw-away <c>redis-server</c> for the demo: 127.0.0.1, a free port, no persistence, killed on disposal. Only when
/// <c>redis-server</c> is installed.
/// </summary>
internal sealed class LocalRedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private LocalRedisServer(Process process, int port)
    {
        _process = process;
        EndPoint = "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
    }

    public string EndPoint { get; }

    public static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Append("/usr/bin").Append("/usr/sbin")
            .Where(d => d.Length > 0)
            .Select(d => Path.Combine(d, "redis-server"))
            .FirstOrDefault(File.Exists);

    public static async Task<LocalRedisServer> StartAsync(string executable, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--save", string.Empty,
                     "--appendonly", "no", "--daemonize", "no", "--dir", Path.GetTempPath(), "--loglevel", "warning",
                 })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new LocalRedisServer(process, port);
        for (var attempt = 0; attempt < 150; attempt++)
        {
            try
            {
                await using var probe = await server.ConnectAsync().ConfigureAwait(false);
                if (probe.IsConnected)
                {
                    return server;
                }
            }
            catch (RedisConnectionException)
            {
            }

            if (process.HasExited)
            {
                break;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        await server.DisposeAsync().ConfigureAwait(false);
        throw new InvalidOperationException("redis-server did not start listening on 127.0.0.1.");
    }

    public async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var configuration = ConfigurationOptions.Parse(EndPoint);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = 2000;
        return await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
