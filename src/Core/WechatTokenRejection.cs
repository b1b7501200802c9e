using System.Security.Cryptography;
using System.Text;

namespace GenAuth.Hexagonal;

/// <summary>
/// A token that WeChat rejected, as it travels between instances: the app id and a SHA-256 hash of the token, never the
/// token itself.
/// </summary>
public sealed record WechatTokenRejection
{
    /// <summary>Creates a rejection notice.</summary>
    /// <param name="appId">The app whose token was rejected.</param>
    /// <param name="tokenHash">The token's hash, as <see cref="HashOf"/> computes it (64 lowercase hex characters).</param>
    /// <exception cref="ArgumentException">An argument is empty or <paramref name="tokenHash"/> is not 64 hex characters.</exception>
    public WechatTokenRejection(string appId, string tokenHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenHash);
        if (tokenHash.Length != 64 || !tokenHash.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("The token hash must be 64 lowercase hex characters (SHA-256).", nameof(tokenHash));
        }

        AppId = appId;
        TokenHash = tokenHash;
    }

    /// <summary>The app whose token was rejected.</summary>
    public string AppId { get; }

    /// <summary>The SHA-256 of the rejected token's value, 64 lowercase hex characters.</summary>
    public string TokenHash { get; }

    /// <summary>Creates the notice for <paramref name="token"/> of <paramref name="appId"/>.</summary>
    /// <param name="appId">The app whose token was rejected.</param>
    /// <param name="token">The rejected token.</param>
    /// <returns>The notice.</returns>
    public static WechatTokenRejection For(string appId, WechatAccessToken token) => new(appId, HashOf(token));

    /// <summary>The SHA-256 of <paramref name="token"/>'s value as 64 lowercase hex characters.</summary>
    /// <param name="token">The token.</param>
    /// <returns>The hash; it reveals nothing usable about the token.</returns>
    public static string HashOf(WechatAccessToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(token.Value), hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Whether this notice is about <paramref name="token"/> of <paramref name="appId"/>.</summary>
    /// <param name="appId">The app id of the held token.</param>
    /// <param name="token">The held token.</param>
    /// <returns><see langword="true"/> when app id and hash match.</returns>
    public bool Matches(string appId, WechatAccessToken token) =>
        string.Equals(AppId, appId, StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(TokenHash), Encoding.ASCII.GetBytes(HashOf(token)));
}
