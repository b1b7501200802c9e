using System.Globalization;

namespace GenAuth.Hexagonal.Benchmarks.Infrastructure;

/// <summary>Realistic, obviously fake inputs shared by the benchmarks, built once per benchmark run.</summary>
internal static class BenchmarkData
{
    /// <summary>A token lifetime as WeChat issues it (7200 s); long enough that no entry expires during a run.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(7200);

    /// <summary>The one app of the single-app benchmarks (18-character app id, 32-character secret, like real ones).</summary>
    public static WechatAppCredentials CreateCredentials() => CreateCredentials(0);

    /// <summary>The <paramref name="index"/>-th app of the many-apps benchmarks.</summary>
    public static WechatAppCredentials CreateCredentials(int index) => new(
        "wxfake" + index.ToString("x12", CultureInfo.InvariantCulture),
        "fake-app-secret-for-benchmarks-" + index.ToString("D6", CultureInfo.InvariantCulture));

    /// <summary><paramref name="count"/> distinct apps.</summary>
    public static WechatAppCredentials[] CreateManyCredentials(int count)
    {
        var apps = new WechatAppCredentials[count];
        for (var i = 0; i < apps.Length; i++)
        {
            apps[i] = CreateCredentials(i);
        }

        return apps;
    }

    /// <summary>A token shaped like a real one (about 136 characters), valid for <see cref="TokenLifetime"/>.</summary>
    public static WechatAccessToken CreateToken(WechatAppCredentials credentials) => new(
        "93_FAKE-benchmark-token-" + credentials.AppId + "-" + new string('x', 90),
        TimeProvider.System.GetUtcNow() + TokenLifetime);

    /// <summary>
    /// The string key that string-keyed caches (FusionCache, HybridCache) get: built once per app,
    /// from the secret's fingerprint, never from the secret itself.
    /// </summary>
    public static string StringKey(WechatAppCredentials credentials) =>
        "genauth:wechat-token:" + credentials.Key.AppId + ":" + credentials.Key.Fingerprint;

    /// <summary>Returns the result of a value task, blocking only when it did not complete synchronously.</summary>
    public static T Result<T>(ValueTask<T> task) =>
        task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
}
