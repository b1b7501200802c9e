using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using GenAuth.Hexagonal.Internal;

namespace GenAuth.Hexagonal;

/// <summary>
/// A WeChat app id and app secret, validated on construction.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="ToString"/> and the debugger display never show the secret. Equality covers both values,
/// so credentials with a different secret are a different app as far as any cache is concerned.
/// </para>
/// <para>
/// Build one instance per app and keep it (configuration-bound apps are built once by the DI
/// integration): <see cref="Key"/> is computed on first use and then reused.
/// </para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class WechatAppCredentials : IEquatable<WechatAppCredentials>
{
    /// <summary>The longest app id accepted. WeChat app ids are 18 characters (<c>wx</c> and 16 hex digits).</summary>
    public const int MaxAppIdLength = 64;

    /// <summary>The longest app secret accepted. WeChat app secrets are 32 hex digits.</summary>
    public const int MaxAppSecretLength = 256;

    private readonly int _hashCode;
    private WechatCredentialsKey? _key;

    /// <summary>Creates validated credentials.</summary>
    /// <param name="appId">The app id, e.g. <c>wx1234567890abcdef</c>.</param>
    /// <param name="appSecret">The app secret. Read it from configuration, never from a literal.</param>
    /// <exception cref="ArgumentNullException">A value is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A value is empty, too long, or holds whitespace, control or non-ASCII characters.</exception>
    public WechatAppCredentials(string appId, string appSecret)
    {
        CredentialValidation.Validate(appId, nameof(appId), "app id", MaxAppIdLength);
        CredentialValidation.Validate(appSecret, nameof(appSecret), "app secret", MaxAppSecretLength);
        AppId = appId;
        AppSecret = appSecret;
        _hashCode = HashCode.Combine(
            StringComparer.Ordinal.GetHashCode(appId),
            StringComparer.Ordinal.GetHashCode(appSecret));
    }

    /// <summary>The app id. Not a secret.</summary>
    public string AppId { get; }

    /// <summary>The app secret. Never log it.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string AppSecret { get; }

    /// <summary>
    /// A cache key for these credentials: the app id and a keyed fingerprint of the secret
    /// (HMAC-SHA256 under a per-process random key). Computed once per instance; never holds the secret.
    /// </summary>
    public WechatCredentialsKey Key
    {
        get
        {
            var key = Volatile.Read(ref _key);
            if (key is not null)
            {
                return key;
            }

            key = WechatCredentialsKey.Create(AppId, AppSecret);
            return Interlocked.CompareExchange(ref _key, key, null) ?? key;
        }
    }

    /// <inheritdoc />
    public bool Equals([NotNullWhen(true)] WechatAppCredentials? other) =>
        ReferenceEquals(this, other)
        || (other is not null
            && _hashCode == other._hashCode
            && string.Equals(AppId, other.AppId, StringComparison.Ordinal)
            && string.Equals(AppSecret, other.AppSecret, StringComparison.Ordinal));

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => Equals(obj as WechatAppCredentials);

    /// <inheritdoc />
    public override int GetHashCode() => _hashCode;

    /// <summary>Shows the app id; the secret is always redacted.</summary>
    /// <returns>For example <c>WechatAppCredentials { AppId = wx1234567890abcdef, AppSecret = *** }</c>.</returns>
    public override string ToString() => $"WechatAppCredentials {{ AppId = {AppId}, AppSecret = *** }}";
}
