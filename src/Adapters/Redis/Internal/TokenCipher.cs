using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GenAuth.Hexagonal.Adapters.Redis.Internal;

/// <summary>
/// AES-256-GCM over the token, under the app's derived key, with every stored field as associated data (format version,
/// value key, generation, expiry, fetch time, fingerprint, token hash): a value moved to another key, written under another
/// secret, or with any field changed fails to open.
/// </summary>
internal static class TokenCipher
{
    public const string FormatVersion = "1";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>nonce ‖ ciphertext ‖ tag.</summary>
    public static byte[] Seal(AppKeys keys, StoredFields fields, string token)
    {
        var plaintext = Encoding.UTF8.GetBytes(token);
        var sealedValue = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedValue.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys.EncryptionKey, TagSize);
        aes.Encrypt(
            nonce,
            plaintext,
            sealedValue.AsSpan(NonceSize, plaintext.Length),
            sealedValue.AsSpan(NonceSize + plaintext.Length, TagSize),
            AssociatedData(keys, fields));
        CryptographicOperations.ZeroMemory(plaintext);
        return sealedValue;
    }

    /// <summary>The token, or <see langword="null"/> when the value does not authenticate (tampered, moved or foreign).</summary>
    public static string? Open(AppKeys keys, StoredFields fields, ReadOnlySpan<byte> sealedValue)
    {
        if (sealedValue.Length <= NonceSize + TagSize || sealedValue.Length > NonceSize + TagSize + (WechatAccessToken.MaxLength * 4))
        {
            return null;
        }

        var length = sealedValue.Length - NonceSize - TagSize;
        var plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(keys.EncryptionKey, TagSize);
            aes.Decrypt(
                sealedValue[..NonceSize],
                sealedValue.Slice(NonceSize, length),
                sealedValue[(NonceSize + length)..],
                plaintext,
                AssociatedData(keys, fields));
            return Encoding.UTF8.GetString(plaintext);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static byte[] AssociatedData(AppKeys keys, StoredFields fields) => Encoding.UTF8.GetBytes(string.Join(
        '\n',
        "genauth-hexagonal/redis-token",
        fields.Version,
        keys.Keys.ValueName,
        fields.Generation.ToString(CultureInfo.InvariantCulture),
        fields.ExpiresAtUnixMs.ToString(CultureInfo.InvariantCulture),
        fields.FetchedAtUnixMs.ToString(CultureInfo.InvariantCulture),
        fields.Fingerprint,
        fields.TokenHash));
}
