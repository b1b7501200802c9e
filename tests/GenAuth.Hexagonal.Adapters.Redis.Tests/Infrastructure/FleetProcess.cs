using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace GenAuth.Hexagonal.Adapters.Redis.Tests.Infrastructure;

/// <summary>
/// One instance of a fleet as a real child process (the <c>GenAuth.Hexagonal.Fleet.Worker</c> console app): sends it command
/// lines and reads its JSON replies. Its stderr (the library's warnings) is kept for failure messages.
/// </summary>
public sealed class FleetProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonObject> _replies = Channel.CreateUnbounded<JsonObject>();
    private readonly StringBuilder _stderr = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    private FleetProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _replies.Writer.TryComplete();
                return;
            }

            JsonNode? node = null;
            try
            {
                node = JsonNode.Parse(e.Data);
            }
            catch (System.Text.Json.JsonException)
            {
            }

            if (node is JsonObject reply)
            {
                _replies.Writer.TryWrite(reply);
            }
            else
            {
                lock (_stderr)
                {
                    _stderr.AppendLine("stdout: " + e.Data);
                }
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static async Task<FleetProcess> StartAsync(WechatTokenEmulator emulator, RedisServer redis, int apps, params string[] extra)
    {
        var worker = Path.Combine(AppContext.BaseDirectory, "GenAuth.Hexagonal.Fleet.Worker.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(worker);
        foreach (var argument in new[]
                 {
                     "--emulator", emulator.BaseAddress.ToString(), "--redis", redis.EndPoint, "--apps", apps.ToString(CultureInfo.InvariantCulture),
                     "--access-key-id", WechatTokenEmulator.DefaultAccessKeyId,
                 }.Concat(extra.Contains("--operation-timeout-ms") ? [] : ["--operation-timeout-ms", "3000"]).Concat(extra))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["FLEET_ACCESS_KEY_SECRET"] = WechatTokenEmulator.DefaultAccessKeySecret;
        info.Environment["DOTNET_TieredPGO"] = "0";
        var fleet = new FleetProcess(Process.Start(info) ?? throw new InvalidOperationException("The fleet worker did not start."));
        var ping = await fleet.SendAsync("ping", TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        _ = ping;
        return fleet;
    }

    /// <summary>Starts <paramref name="count"/> workers in parallel.</summary>
    public static async Task<FleetProcess[]> StartManyAsync(int count, WechatTokenEmulator emulator, RedisServer redis, int apps, params string[] extra) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => StartAsync(emulator, redis, apps, extra))).ConfigureAwait(false);

    /// <summary>Sends one command and returns its reply (throws, with the worker's stderr, when it reports an error or dies).</summary>
    public async Task<JsonObject> SendAsync(string command, TimeSpan? timeout = null)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await _process.StandardInput.WriteLineAsync(command).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync().ConfigureAwait(false);
            using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
            JsonObject reply;
            try
            {
                reply = await _replies.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
            {
                throw new InvalidOperationException($"The fleet worker {Pid} did not answer '{command}'. Its stderr:\n{Stderr}", ex);
            }

            if (reply["error"] is { } error)
            {
                throw new InvalidOperationException($"The fleet worker {Pid} failed '{command}': {error}. Its stderr:\n{Stderr}");
            }

            return reply;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Sends without waiting for the reply (for a process about to be paused or killed); read it with <see cref="ReadReplyAsync"/>.</summary>
    public async Task SendOnlyAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
    }

    public async Task<JsonObject> ReadReplyAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await _replies.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
    }

    public async Task<long> CounterAsync(string name)
    {
        var reply = await SendAsync("metrics").ConfigureAwait(false);
        return reply["counters"]?[name]?.GetValue<long>() ?? 0;
    }

    public void Pause() => Signals.Stop(Pid);

    public void Resume() => Signals.Continue(Pid);

    public void Kill() => Signals.Kill(Pid);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                Signals.Continue(Pid);
                await _process.StandardInput.WriteLineAsync("exit").ConfigureAwait(false);
                await _process.StandardInput.FlushAsync().ConfigureAwait(false);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        _gate.Dispose();
    }

    public static long At(TimeSpan fromNow) => DateTimeOffset.UtcNow.Add(fromNow).ToUnixTimeMilliseconds();
}
