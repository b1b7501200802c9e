using System.ComponentModel;

namespace GenAuth.Hexagonal.Benchmarks.Peers;

/// <summary>
/// The value stored in HybridCache: sealed and marked <c>[ImmutableObject(true)]</c>, so HybridCache keeps
/// the instance in its in-memory tier and returns it on a hit instead of deserialising a copy (the fair comparison).
/// </summary>
/// <param name="Token">The cached token.</param>
[ImmutableObject(true)]
public sealed record HybridCachedToken(WechatAccessToken Token);
