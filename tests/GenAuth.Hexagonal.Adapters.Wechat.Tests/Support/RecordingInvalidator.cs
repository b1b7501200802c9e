using System.Collections.Concurrent;

namespace GenAuth.Hexagonal.Adapters.Wechat.Tests.Support;

/// <summary>Records which tokens the handler asked to drop.</summary>
public sealed class RecordingInvalidator : IWechatTokenInvalidator
{
    private readonly ConcurrentQueue<(WechatAppCredentials Credentials, WechatAccessToken Rejected)> _calls = new();

    public IReadOnlyList<(WechatAppCredentials Credentials, WechatAccessToken Rejected)> Calls => [.. _calls];

    public ValueTask InvalidateAsync(WechatAppCredentials credentials, WechatAccessToken rejected, CancellationToken cancellationToken = default)
    {
        _calls.Enqueue((credentials, rejected));
        return ValueTask.CompletedTask;
    }
}
