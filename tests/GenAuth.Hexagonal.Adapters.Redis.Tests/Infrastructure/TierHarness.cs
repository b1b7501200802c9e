using GenAuth.Hexagonal.Adapters.Redis;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GenAuth.Hexagonal.Adapters.Redis.Tests.Infrastructure;

/// <summary>
/// In-process instances of a fleet: each "instance" is its own <see cref="RedisWechatTokenProvider"/> over its own
/// <see cref="ConnectionMultiplexer"/>, all on one real <see cref="RedisServer"/>, with a unique key prefix per test.
/// </summary>
public sealed class TierHarness : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    private TierHarness(RedisServer server) => Server = server;

    public RedisServer Server { get; }

    public string Prefix { get; } = "test:" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<TierHarness> StartAsync() => new(await RedisServer.StartAsync());

    public RedisWechatTokenOptions Options(Action<RedisWechatTokenOptions>? configure = null)
    {
        var options = new RedisWechatTokenOptions
        {
            KeyPrefix = Prefix,
            OperationTimeout = TimeSpan.FromMilliseconds(1000),
            ProbeInterval = TimeSpan.FromMilliseconds(100),
            PollInterval = TimeSpan.FromMilliseconds(50),
            FetchBudget = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        return options;
    }

    public async Task<Instance> AddInstanceAsync(
        IWechatTokenProvider source,
        string kind = RedisWechatTokenDefaults.GenAuthSourceKind,
        Action<RedisWechatTokenOptions>? configure = null,
        TimeProvider? timeProvider = null)
    {
        var connection = await Server.ConnectAsync();
        var logs = new FakeLogCollector();
        var loggerFactory = new Microsoft.Extensions.Logging.LoggerFactory([new FakeLoggerProvider(logs)]);
        var metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = metrics.GetRequiredService<IMeterFactory>();
        var tier = new RedisWechatTokenProvider(
            source, kind, connection, Microsoft.Extensions.Options.Options.Create(Options(configure)), timeProvider, loggerFactory, meterFactory);
        var instance = new Instance(tier, connection, logs, meterFactory, metrics);
        _owned.Add(instance);
        await WaitUntilAsync(() => tier.IsSubscribedToNotices, "the tier subscribed to its notices");
        return instance;
    }

    public async Task<IDatabase> AdminAsync()
    {
        var connection = await Server.ConnectAsync(allowAdmin: true);
        _owned.Add(connection);
        return connection.GetDatabase();
    }

    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting until " + what + ".");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        await Server.DisposeAsync();
    }

    /// <summary>One instance: its tier, its connection and its logs.</summary>
    public sealed class Instance(
        RedisWechatTokenProvider tier, ConnectionMultiplexer connection, FakeLogCollector logs, IMeterFactory meterFactory, ServiceProvider metrics)
        : IAsyncDisposable
    {
        public RedisWechatTokenProvider Tier { get; } = tier;

        public ConnectionMultiplexer Connection { get; } = connection;

        public FakeLogCollector Logs { get; } = logs;

        /// <summary>Counts this instance's measurements of <paramref name="instrument"/> (create it before the tier records).</summary>
        public MetricCollector<long> Collect(string instrument) => new(meterFactory, RedisWechatTokenDiagnostics.MeterName, instrument);

        public async ValueTask DisposeAsync()
        {
            await Tier.DisposeAsync();
            await Connection.DisposeAsync();
            await metrics.DisposeAsync();
        }
    }
}
