using System.Security.Cryptography;
using System.Text;

namespace GenAuth.Hexagonal.Adapters.Redis.Internal;

/// <summary>
/// What the tier derives once per <see cref="WechatAppCredentials"/> instance: the Redis keys of the app (one Cluster hash
/// tag per app), the secret's fingerprint and the token encryption key, both by HKDF-SHA256 from the app secret and app id
/// under labels of their own (never <see cref="WechatCredentialsKey"/>'s per-process key, which would make every
/// instance see the others' values as foreign).
/// </summary>
internal sealed class AppKeys
{
    private static readonly byte[] Salt = Encoding.ASCII.GetBytes("GenAuth.Hexagonal/redis-tier/v1");
    private readonly byte[] _encryptionKey;

    private AppKeys(string appId, string fingerprint, byte[] encryptionKey, RedisKeyNames keys)
    {
        AppId = appId;
        Fingerprint = fingerprint;
        _encryptionKey = encryptionKey;
        Keys = keys;
    }

    public string AppId { get; }

    /// <summary>32 lowercase hex characters: HKDF(secret, app id, "secret-fingerprint"). Stored beside the value.</summary>
    public string Fingerprint { get; }

    public RedisKeyNames Keys { get; }

    public ReadOnlySpan<byte> EncryptionKey => _encryptionKey;

    public static AppKeys Derive(WechatAppCredentials credentials, string prefix, string sourceKind)
    {
        var secret = Encoding.UTF8.GetBytes(credentials.AppSecret);
        try
        {
            Span<byte> fingerprint = stackalloc byte[16];
            HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, fingerprint, Salt, Info("secret-fingerprint", credentials.AppId));
            var key = new byte[32];
            HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, key, Salt, Info("token-encryption-key", credentials.AppId));
            return new AppKeys(
                credentials.AppId,
                Convert.ToHexStringLower(fingerprint),
                key,
                RedisKeyNames.For(prefix, credentials.AppId, sourceKind));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static byte[] Info(string label, string appId) => Encoding.UTF8.GetBytes(label + "\n" + appId);
}
