using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace GenAuth.Hexagonal.Adapters.Redis.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> on 127.0.0.1 and a free port, without persistence (<c>--save "" --appendonly no</c>), started and
/// stopped by the test. <see cref="RestartAsync"/> brings it back on the same port with all data lost; <see cref="Pause"/> and
/// <see cref="Resume"/> send SIGSTOP and SIGCONT.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string EndPoint => "127.0.0.1:" + Port;

    public int ProcessId => _process?.Id ?? 0;

    public static string? FindExecutable()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Append("/usr/bin").Append("/usr/sbin"))
        {
            var candidate = Path.Combine(directory, "redis-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer(FreePort());
        await server.StartProcessAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>A client that reconnects quickly and may send admin commands.</summary>
    public async Task<ConnectionMultiplexer> ConnectAsync(bool allowAdmin = false)
    {
        var configuration = ConfigurationOptions.Parse(EndPoint);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = 2000;
        configuration.AllowAdmin = allowAdmin;
        configuration.ReconnectRetryPolicy = new LinearRetry(200);
        return await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
    }

    /// <summary>Runs one command on a short-lived connection of its own (works while the tiers' connections are down).</summary>
    public async Task<RedisResult> ExecuteAsync(string command, params object[] args)
    {
        await using var admin = await ConnectAsync(allowAdmin: true).ConfigureAwait(false);
        return await admin.GetDatabase().ExecuteAsync(command, args).ConfigureAwait(false);
    }

    public async Task StopAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            process.Kill();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
    }

    /// <summary>Kills the server and starts a new one on the same port: every key is gone.</summary>
    public async Task RestartAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await StartProcessAsync().ConfigureAwait(false);
    }

    public void Pause() => Signals.Stop(ProcessId);

    public void Resume() => Signals.Continue(ProcessId);

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            Signals.Continue(process.Id);
        }

        await StopAsync().ConfigureAwait(false);
    }

    private async Task StartProcessAsync()
    {
        var executable = FindExecutable() ?? throw new InvalidOperationException(
            "redis-server is not installed: the Redis tier's tests start a real one. Install it (Debian: apt-get install redis-server); .ci/run does.");
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--save", string.Empty, "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes",
                     "--dir", Path.GetTempPath(), "--loglevel", "warning",
                 })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited at start with code {process.ExitCode} (port {Port}).");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port).ConfigureAwait(false);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray()).ConfigureAwait(false);
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer).ConfigureAwait(false);
                if (read > 0 && buffer[0] == (byte)'+')
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new InvalidOperationException("redis-server did not answer PING within 15 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
