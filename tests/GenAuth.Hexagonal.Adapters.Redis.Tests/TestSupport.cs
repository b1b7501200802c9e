using System.Globalization;
using GenAuth.Hexagonal.Adapters.Redis;
using StackExchange.Redis;

namespace GenAuth.Hexagonal.Adapters.Redis.Tests;

internal static class TestSupport
{
    public static WechatAppCredentials App(int index, string secretSuffix = "") => new(
        "wxredis" + index.ToString("x11", CultureInfo.InvariantCulture),
        "redis-test-app-secret-not-real-" + index.ToString("D4", CultureInfo.InvariantCulture) + secretSuffix);

    /// <summary>A token shaped like WeChat's (136 characters), distinct per <paramref name="label"/>.</summary>
    public static WechatAccessToken Token(string label, TimeSpan lifetime, TimeProvider? clock = null) => new(
        ("81_" + label + "_" + new string('x', 136)).Substring(0, 136), (clock ?? TimeProvider.System).GetUtcNow() + lifetime);

    /// <summary>A source that counts calls and issues a new, long-lived token per call after an optional delay.</summary>
    public static FakeWechatTokenProvider SlowSource(TimeSpan delay, TimeSpan? lifetime = null, string label = "t")
    {
        var source = new FakeWechatTokenProvider();
        var issued = 0;
        source.Respond(async (credentials, cancellationToken) =>
        {
            await Task.Delay(delay, cancellationToken);
            var n = Interlocked.Increment(ref issued);
            return Token(label + "-" + credentials.AppId + "-" + n.ToString(CultureInfo.InvariantCulture), lifetime ?? TimeSpan.FromHours(2));
        });
        return source;
    }

    /// <summary>The value key of an app, as the tier lays it out.</summary>
    public static RedisKey ValueKey(string prefix, WechatAppCredentials app, string kind = RedisWechatTokenDefaults.GenAuthSourceKind) =>
        prefix + ":{" + app.AppId + "}:" + kind + ":token";
}
