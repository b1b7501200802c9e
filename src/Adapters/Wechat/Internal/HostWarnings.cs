using System.Collections.Concurrent;

namespace GenAuth.Hexagonal.Adapters.Wechat.Internal;

/// <summary>
/// Remembers, per process, the hosts that were already named in a "token not attached" Warning, so each is named once.
/// Bounded: after <see cref="MaxHosts"/> distinct hosts no more are remembered (or named).
/// </summary>
internal static class HostWarnings
{
    public const int MaxHosts = 256;

    private static readonly ConcurrentDictionary<string, byte> Named = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="host"/> is named for the first time (and there is room to remember it).</summary>
    public static bool FirstTime(string host) => Named.Count < MaxHosts && Named.TryAdd(host, 0);
}
