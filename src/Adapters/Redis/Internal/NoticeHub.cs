using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GenAuth.Hexagonal.Adapters.Redis.Internal;

/// <summary>
/// Receives the notice channel: wakes this instance's waiters when another instance wrote a token or failed to fetch one,
/// and raises other instances' rejections to the <see cref="IWechatTokenRejectionFeed"/> listeners (never this instance's
/// own, and never publishing anything back).
/// </summary>
internal sealed class NoticeHub(string kind, string instanceId, ILogger logger, RedisTelemetry telemetry)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<FleetNotice>> _signals = new(StringComparer.Ordinal);
    private ImmutableArray<Action<WechatTokenRejection>> _listeners = [];

    /// <summary>A task completed by the next written or failed notice for <paramref name="appId"/>. Take it before reading Redis.</summary>
    public Task<FleetNotice> NextNotice(string appId) =>
        _signals.GetOrAdd(appId, static _ => new TaskCompletionSource<FleetNotice>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Forgets the signal of an app nobody waits for any more (keeps the map small).</summary>
    public void Forget(string appId, Task<FleetNotice> signal)
    {
        if (_signals.TryGetValue(appId, out var current) && current.Task == signal && !signal.IsCompleted)
        {
            _signals.TryRemove(KeyValuePair.Create(appId, current));
        }
    }

    public IDisposable Subscribe(Action<WechatTokenRejection> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ImmutableInterlocked.Update(ref _listeners, static (list, l) => list.Add(l), listener);
        return new Registration(this, listener);
    }

    public void OnMessage(RedisChannel channel, RedisValue message)
    {
        FleetNotice? notice;
        try
        {
            notice = JsonSerializer.Deserialize(((byte[]?)message) ?? [], RedisJsonContext.Default.FleetNotice);
        }
        catch (JsonException ex)
        {
            Log.BadNotice(logger, ex);
            return;
        }

        if (notice is null || string.IsNullOrEmpty(notice.AppId) || !string.Equals(notice.Kind, kind, StringComparison.Ordinal))
        {
            return;
        }

        switch (notice.Type)
        {
            case FleetNotice.Written or FleetNotice.Failed:
                if (_signals.TryRemove(notice.AppId, out var signal))
                {
                    signal.TrySetResult(notice);
                }

                break;
            case FleetNotice.Rejected when !string.Equals(notice.Origin, instanceId, StringComparison.Ordinal):
                Raise(notice);
                break;
        }
    }

    private void Raise(FleetNotice notice)
    {
        WechatTokenRejection rejection;
        try
        {
            rejection = new WechatTokenRejection(notice.AppId, notice.TokenHash ?? string.Empty);
        }
        catch (ArgumentException ex)
        {
            Log.BadNotice(logger, ex);
            return;
        }

        telemetry.Add(telemetry.RemoteInvalidations, notice.AppId);
        Log.RemoteRejection(logger, notice.AppId, kind);
        foreach (var listener in _listeners) // one reference read: atomic
        {
            try
            {
                listener(rejection);
            }
            catch (Exception ex)
            {
                Log.ListenerFailed(logger, kind, ex);
            }
        }
    }

    private sealed class Registration(NoticeHub hub, Action<WechatTokenRejection> listener) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                ImmutableInterlocked.Update(ref hub._listeners, static (list, l) => list.Remove(l), listener);
            }
        }
    }
}
