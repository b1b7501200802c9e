using System.Diagnostics;
using GenAuth.Hexagonal.Adapters.Redis;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GenAuth.Hexagonal.Cli.Internal;

/// <summary>
/// The demo's many-instances part (<c>demo --instances N</c>): N instances in this process, each its own container and Redis
/// connection (<c>UseGenAuth</c> + <c>AddRedis</c> + <c>AddCaching</c>), on a throw-away local redis-server, against the
/// emulator: a cold stampede on every instance, then a rejection seen by one instance.
/// </summary>
internal static class DemoFleet
{
    private const string AppId = "wx0000000000demo03";
    private const string AppSecret = "demo-app-secret-not-real-0003";
    private const int CallersPerInstance = 250;

    public static async Task RunAsync(
        int instances, WechatTokenEmulator emulator, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        void Line(string text = "") => stdout.WriteLine(text);
        Line($"Many instances: {instances} instances, each DI -> CachingWechatTokenProvider -> RedisWechatTokenProvider -> GenAuth adapter");
        if (LocalRedisServer.FindExecutable() is not { } executable)
        {
            Line("  skipped             redis-server is not on the PATH (Debian: apt-get install redis-server); the demo above ran without it");
            return;
        }

        emulator.AddApp(AppId, AppSecret);
        await using var redis = await LocalRedisServer.StartAsync(executable, cancellationToken).ConfigureAwait(false);
        var containers = new List<ServiceProvider>();
        var connections = new List<ConnectionMultiplexer>();
        try
        {
            for (var i = 0; i < instances; i++)
            {
                var connection = await redis.ConnectAsync().ConfigureAwait(false);
                connections.Add(connection);
                var services = new ServiceCollection();
                services.AddLogging(logging => logging.AddCliConsole(stderr, LogLevel.Warning));
                services.AddSingleton<IConnectionMultiplexer>(connection);
                services.AddWechatTokenProvider()
                    .UseGenAuth(options =>
                    {
                        options.Host = emulator.BaseAddress.ToString();
                        options.AccessKeyId = WechatTokenEmulator.DefaultAccessKeyId;
                        options.AccessKeySecret = WechatTokenEmulator.DefaultAccessKeySecret;
                    })
                    .AddRedis()
                    .AddCaching()
                    .AddApp("fleet", app =>
                    {
                        app.AppId = AppId;
                        app.AppSecret = AppSecret;
                    });
                containers.Add(services.BuildServiceProvider());
            }

            Line($"  redis-server        {redis.EndPoint} (started for the demo, no persistence)");
            var before = emulator.TotalRequestCount;
            var stopwatch = Stopwatch.StartNew();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var callers = containers.SelectMany(c => Enumerable.Range(0, CallersPerInstance).Select(async _ =>
            {
                await start.Task.ConfigureAwait(false);
                return await c.GetRequiredService<IWechatAppTokenProvider>().GetAccessTokenAsync("fleet", cancellationToken).ConfigureAwait(false);
            })).ToList();
            start.SetResult();
            var tokens = await Task.WhenAll(callers).ConfigureAwait(false);
            var first = tokens[0];
            Line($"  cold stampede       {emulator.TotalRequestCount - before} upstream call for {instances} instances x {CallersPerInstance} callers, "
                 + $"{tokens.Select(t => t.Value).Distinct(StringComparer.Ordinal).Count()} token, in {stopwatch.Elapsed.TotalMilliseconds:F0} ms");

            var inRedis = await TokenVisibleInRedisAsync(connections[0], first.Value).ConfigureAwait(false);
            Line($"  at rest             the token is {(inRedis ? "VISIBLE" : "not readable")} in Redis (AES-GCM under a key derived from the app secret)");

            // WeChat rejects the token on one instance: another holder rotated it.
            emulator.RotateWechatToken(AppId);
            before = emulator.TotalRequestCount;
            var rejecting = containers[0];
            rejecting.GetRequiredService<IWechatAppCatalog>().TryGetCredentials("fleet", out var credentials);
            await rejecting.GetRequiredService<IWechatTokenInvalidator>().InvalidateAsync(credentials!, first, cancellationToken).ConfigureAwait(false);
            var renewed = await rejecting.GetRequiredService<IWechatAppTokenProvider>().GetAccessTokenAsync("fleet", cancellationToken).ConfigureAwait(false);
            var followed = 0;
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(5))
            {
                followed = 0;
                foreach (var container in containers)
                {
                    var token = await container.GetRequiredService<IWechatAppTokenProvider>().GetAccessTokenAsync("fleet", cancellationToken).ConfigureAwait(false);
                    followed += string.Equals(token.Value, renewed.Value, StringComparison.Ordinal) ? 1 : 0;
                }

                if (followed == containers.Count)
                {
                    break;
                }

                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }

            Line($"  rejection (40001)   seen by one instance: {followed} of {instances} instances serve the new token "
                 + $"{renewed.RedactedValue} after {emulator.TotalRequestCount - before} upstream call");
        }
        finally
        {
            foreach (var container in containers)
            {
                await container.DisposeAsync().ConfigureAwait(false);
            }

            foreach (var connection in connections)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether any string value or hash field in Redis contains the token (it must not).</summary>
    private static async Task<bool> TokenVisibleInRedisAsync(ConnectionMultiplexer connection, string token)
    {
        var server = connection.GetServers()[0];
        var database = connection.GetDatabase();
        await foreach (var key in server.KeysAsync(pattern: "*").ConfigureAwait(false))
        {
            var type = await database.KeyTypeAsync(key).ConfigureAwait(false);
            var values = type switch
            {
                RedisType.Hash => (await database.HashGetAllAsync(key).ConfigureAwait(false)).Select(e => e.Value.ToString()),
                RedisType.String => [(await database.StringGetAsync(key).ConfigureAwait(false)).ToString()],
                _ => [],
            };
            if (values.Any(v => v.Contains(token, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
