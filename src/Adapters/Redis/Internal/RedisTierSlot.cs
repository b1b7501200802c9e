using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GenAuth.Hexagonal.Adapters.Redis.Internal;

/// <summary>
/// Holds the Redis tiers of a service provider, one per source in use, so that the health check sees them all, and disposes
/// them with the container. Each tier takes its key kind from its source when the source describes itself
/// (<see cref="IWechatTokenSourceInfo"/>); the tier itself reads the source's fetch budget the same way.
/// </summary>
internal sealed class RedisTierSlot(string? connectionString) : IAsyncDisposable, IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<RedisWechatTokenProvider> _tiers = [];
    private Task<IConnectionMultiplexer>? _ownConnection;

    public RedisWechatTokenProvider Create(IServiceProvider services, WechatTokenProviderLayerContext layer)
    {
        var info = layer.Inner as IWechatTokenSourceInfo;
        var options = services.GetRequiredService<IOptions<RedisWechatTokenOptions>>().Value;

        var kind = info?.TokenKind ?? Kind(layer.SourceName);
        var wrapped = Options.Create(options);
        var timeProvider = services.GetService<TimeProvider>();
        var loggerFactory = services.GetService<ILoggerFactory>();
        var meterFactory = services.GetService<IMeterFactory>();
        RedisWechatTokenProvider tier;
        if (connectionString is null)
        {
            var connection = services.GetService<IConnectionMultiplexer>() ?? throw new InvalidOperationException(
                "AddRedis() needs an IConnectionMultiplexer in the application's services (services.AddSingleton<IConnectionMultiplexer>(...)), "
                + "or call AddRedis(connectionString) to let the tier connect by itself.");
            tier = new RedisWechatTokenProvider(layer.Inner, kind, connection, wrapped, timeProvider, loggerFactory, meterFactory);
        }
        else
        {
            tier = new RedisWechatTokenProvider(layer.Inner, kind, ConnectOnce, wrapped, timeProvider, loggerFactory, meterFactory);
        }

        lock (_gate)
        {
            _tiers.Add(tier);
        }

        return tier;
    }

    public IReadOnlyList<RedisWechatTokenProvider> GetTiers(IServiceProvider services)
    {
        _ = services.GetRequiredService<IWechatTokenProvider>();
        lock (_gate)
        {
            return [.. _tiers];
        }
    }

    public async ValueTask DisposeAsync()
    {
        RedisWechatTokenProvider[] tiers;
        Task<IConnectionMultiplexer>? own;
        lock (_gate)
        {
            tiers = [.. _tiers];
            _tiers.Clear();
            own = _ownConnection;
        }

        foreach (var tier in tiers)
        {
            await tier.DisposeAsync().ConfigureAwait(false);
        }

        if (own is { IsCompletedSuccessfully: true })
        {
            await own.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>For containers disposed synchronously: the tiers' disposal only stops timers and unsubscribes.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>One connection for every tier of the container, made on first use; a failed attempt is tried again.</summary>
    private Task<IConnectionMultiplexer> ConnectOnce(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_ownConnection is null || _ownConnection.IsFaulted || _ownConnection.IsCanceled)
            {
                _ownConnection = ConnectAsync(connectionString!);
            }

            return _ownConnection;
        }
    }

    private static async Task<IConnectionMultiplexer> ConnectAsync(string configuration) =>
        await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);

    /// <summary>A key kind from a source name that does not describe itself: lowercase letters, digits, '-' and '_'.</summary>
    private static string Kind(string sourceName)
    {
        var kind = new string([.. sourceName.ToLowerInvariant().Select(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' ? c : '-')]);
        return kind.Length > 32 ? kind[..32] : kind;
    }
}
