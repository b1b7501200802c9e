namespace GenAuth.Hexagonal.Adapters.Redis.Internal;

/// <summary>A value read from Redis that authenticated under this app's key: the token (its expiry from the PTTL) and its fields.</summary>
internal sealed record OpenedValue(WechatAccessToken Token, StoredFields Fields);
