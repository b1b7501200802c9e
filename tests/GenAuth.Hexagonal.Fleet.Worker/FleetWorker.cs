using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json.Nodes;
using GenAuth.Hexagonal.Adapters.Caching;
using GenAuth.Hexagonal.Adapters.Redis;
using GenAuth.Hexagonal.Adapters.Wechat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GenAuth.Hexagonal.Fleet.Worker;

/// <summary>
/// Composes what an application would (<c>AddWechatTokenProvider().UseGenAuth(...)</c> or <c>.UseWechat(...)</c>,
/// <c>.AddRedis(...)</c>, <c>.AddCaching()</c>: the in-process cache above the Redis tier above the source) and answers one
/// JSON line per command line:
/// <c>ping</c>, <c>race AT_UNIX_MS</c> (every app at once, from that moment), <c>get I</c>, <c>load MS EVERY_MS</c>,
/// <c>reject-at AT_UNIX_MS I</c> (WeChat rejected the current token: invalidate it, then get a new one), <c>metrics</c>,
/// <c>notices</c> (how many rejections announced by other instances arrived), <c>exit</c>.
/// </summary>
public static class FleetWorker
{
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var options = Arguments.Parse(args);
        var counters = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RedisWechatTokenDiagnostics.MeterName && instrument is Counter<long>)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => counters.AddOrUpdate(instrument.Name, value, (_, c) => c + value));
        listener.Start();

        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
            .AddFilter("System.Net.Http", LogLevel.None).AddFilter("Polly", LogLevel.None));
        services.AddMetrics();
        services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        var builder = services.AddWechatTokenProvider();
        var kind = options.Get("source", "genauth");
        var emulator = options.Get("emulator", "http://127.0.0.1:1/");
        if (kind == RedisWechatTokenDefaults.GenAuthSourceKind)
        {
            builder.UseGenAuth(o =>
            {
                o.Host = emulator;
                o.AccessKeyId = options.Get("access-key-id", string.Empty);
                o.AccessKeySecret = Environment.GetEnvironmentVariable("FLEET_ACCESS_KEY_SECRET");
                o.MaxRetryAttempts = 0;
            });
        }
        else
        {
            builder.UseWechat(o =>
            {
                o.Host = new Uri(emulator);
                o.Endpoint = kind == RedisWechatTokenDefaults.WechatTokenSourceKind ? WechatApiEndpoint.Token : WechatApiEndpoint.StableToken;
            });
        }

        var configuration = ConfigurationOptions.Parse(options.Get("redis", "127.0.0.1:6379"));
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = 2000;
        configuration.ReconnectRetryPolicy = new LinearRetry(200);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        services.AddSingleton<IConnectionMultiplexer>(redis);

        // The composition an application writes: the source, the Redis tier, the in-process cache.
        builder.AddRedis(o =>
        {
            o.KeyPrefix = options.Get("prefix", RedisWechatTokenDefaults.DefaultKeyPrefix);
            o.FetchBudget = TimeSpan.FromMilliseconds(options.GetInt("fetch-budget-ms", 30_000));
            o.OperationTimeout = TimeSpan.FromMilliseconds(options.GetInt("operation-timeout-ms", 500));
            o.PollInterval = TimeSpan.FromMilliseconds(options.GetInt("poll-ms", 100));
            o.ProbeInterval = TimeSpan.FromMilliseconds(options.GetInt("probe-ms", 250));
            o.MaxRefreshAhead = TimeSpan.FromMilliseconds(options.GetInt("max-refresh-ahead-ms", (int)o.MaxRefreshAhead.TotalMilliseconds));
            o.MaxSafetyMargin = TimeSpan.FromMilliseconds(options.GetInt("max-safety-margin-ms", (int)o.MaxSafetyMargin.TotalMilliseconds));
            o.OutageBehavior = options.Get("outage", "default") switch
            {
                "use-source" => RedisOutageBehavior.UseSource,
                "fail-closed" => RedisOutageBehavior.FailClosed,
                _ => RedisOutageBehavior.Default,
            };
        }).AddCaching(o =>
        {
            o.MaxRefreshAhead = TimeSpan.FromMilliseconds(options.GetInt("max-refresh-ahead-ms", (int)o.MaxRefreshAhead.TotalMilliseconds));
            o.MaxSafetyMargin = TimeSpan.FromMilliseconds(options.GetInt("max-safety-margin-ms", (int)o.MaxSafetyMargin.TotalMilliseconds));
        });

        await using var container = services.BuildServiceProvider();
        var cache = container.GetRequiredService<IWechatTokenProvider>();
        var invalidator = container.GetRequiredService<IWechatTokenInvalidator>();
        var health = container.GetRequiredService<HealthCheckService>();
        if (cache is not CachingWechatTokenProvider)
        {
            throw new InvalidOperationException($"Expected the in-process cache on top, got {cache.GetType().Name}.");
        }

        async Task<IReadOnlyDictionary<string, object>> RedisHealthAsync() =>
            (await health.CheckHealthAsync(r => r.Name == RedisWechatTokenDefaults.HealthCheckName).ConfigureAwait(false))
                .Entries[RedisWechatTokenDefaults.HealthCheckName].Data;

        var suffix = options.Get("secret-suffix", string.Empty);
        var apps = Enumerable.Range(0, options.GetInt("apps", 1)).Select(i => FleetApps.Credentials(i, suffix)).ToArray();
        var byAppId = apps.ToDictionary(a => a.AppId, StringComparer.Ordinal);
        var latest = new ConcurrentDictionary<string, WechatAccessToken>(StringComparer.Ordinal);
        async Task<WechatAccessToken> GetAsync(WechatAppCredentials credentials)
        {
            var token = await cache.GetAccessTokenAsync(credentials).ConfigureAwait(false);
            latest[credentials.AppId] = token;
            return token;
        }

        string? line;
        while ((line = await input.ReadLineAsync().ConfigureAwait(false)) is not null)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            var reply = new JsonObject { ["op"] = parts[0] };
            try
            {
                switch (parts[0])
                {
                    case "ping":
                        reply["pid"] = Environment.ProcessId;
                        var data = await RedisHealthAsync().ConfigureAwait(false);
                        reply["subscribed"] = data.TryGetValue("noticesSubscribed", out var subscribed) && subscribed is true;
                        reply["redis"] = data.TryGetValue("redisAvailable", out var available) && available is true;
                        break;
                    case "race":
                        await WaitUntil(long.Parse(parts[1], CultureInfo.InvariantCulture)).ConfigureAwait(false);
                        var tokens = await Task.WhenAll(apps.Select(a => Task.Run(() => GetAsync(a)))).ConfigureAwait(false);
                        reply["hashes"] = new JsonArray([.. tokens.Select(t => (JsonNode)WechatTokenRejection.HashOf(t))]);
                        break;
                    case "get":
                        var one = await GetAsync(apps[int.Parse(parts[1], CultureInfo.InvariantCulture)]).ConfigureAwait(false);
                        reply["hash"] = WechatTokenRejection.HashOf(one);
                        reply["expiresInMs"] = (long)(one.ExpiresAt - DateTimeOffset.UtcNow).TotalMilliseconds;
                        break;
                    case "load":
                        var until = DateTimeOffset.UtcNow.AddMilliseconds(long.Parse(parts[1], CultureInfo.InvariantCulture));
                        var every = TimeSpan.FromMilliseconds(int.Parse(parts[2], CultureInfo.InvariantCulture));
                        var calls = 0;
                        var failures = 0;
                        var seen = new HashSet<string>(StringComparer.Ordinal);
                        while (DateTimeOffset.UtcNow < until)
                        {
                            var round = await Task.WhenAll(apps.Select(async a =>
                            {
                                try
                                {
                                    return WechatTokenRejection.HashOf(await GetAsync(a).ConfigureAwait(false));
                                }
                                catch (WechatTokenException)
                                {
                                    return null;
                                }
                            })).ConfigureAwait(false);
                            calls += round.Length;
                            failures += round.Count(h => h is null);
                            seen.UnionWith(round.OfType<string>());
                            await Task.Delay(every).ConfigureAwait(false);
                        }

                        reply["calls"] = calls;
                        reply["failures"] = failures;
                        reply["distinctTokens"] = seen.Count;
                        break;
                    case "reject-at":
                        await WaitUntil(long.Parse(parts[1], CultureInfo.InvariantCulture)).ConfigureAwait(false);
                        var credentials = apps[int.Parse(parts[2], CultureInfo.InvariantCulture)];
                        var rejected = latest.TryGetValue(credentials.AppId, out var held) ? held : await GetAsync(credentials).ConfigureAwait(false);
                        // What WechatAccessTokenHandler does on 40001: the cache drops it and passes it on to the tier (Redis
                        // compare-and-delete, a notice to the other instances).
                        await invalidator.InvalidateAsync(credentials, rejected).ConfigureAwait(false);
                        var replacement = await GetAsync(credentials).ConfigureAwait(false);
                        reply["rejected"] = WechatTokenRejection.HashOf(rejected);
                        reply["hash"] = WechatTokenRejection.HashOf(replacement);
                        break;
                    case "metrics":
                        listener.RecordObservableInstruments();
                        var metrics = new JsonObject();
                        foreach (var (name, value) in counters.OrderBy(p => p.Key, StringComparer.Ordinal))
                        {
                            metrics[name] = value;
                        }

                        reply["counters"] = metrics;
                        break;
                    case "notices":
                        // Rejections other instances announced that reached this one's tier (and so its cache).
                        reply["notices"] = counters.GetValueOrDefault(RedisWechatTokenDiagnostics.RemoteInvalidationsInstrumentName);
                        break;
                    case "exit":
                        await output.WriteLineAsync(reply.ToJsonString()).ConfigureAwait(false);
                        await output.FlushAsync().ConfigureAwait(false);
                        return 0;
                    default:
                        reply["error"] = "unknown command";
                        break;
                }
            }
            catch (Exception ex) when (ex is WechatTokenException or FormatException or IndexOutOfRangeException)
            {
                reply["error"] = ex.GetType().Name + ": " + ex.Message;
            }

            await output.WriteLineAsync(reply.ToJsonString()).ConfigureAwait(false);
            await output.FlushAsync().ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task WaitUntil(long unixMs)
    {
        var delay = DateTimeOffset.FromUnixTimeMilliseconds(unixMs) - DateTimeOffset.UtcNow;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay).ConfigureAwait(false);
        }
    }
}
