namespace GenAuth.Hexagonal.Testing;

/// <summary>
/// The <c>apiCode</c> values the <see cref="WechatTokenEmulator"/> puts in GenAuth error envelopes. GenAuth does
/// not publish its segmented codes for these cases, so these values are the emulator's own choice: the body's
/// <c>statusCode</c> is the first three digits, the rest tells the cases apart. Clients must not depend on them
/// beyond "some apiCode is present".
/// </summary>
public static class EmulatorApiCodes
{
    /// <summary>statusCode 401: no <c>authorization</c> header, or one of an unknown scheme or shape.</summary>
    public const int AuthorizationMissing = 401001;

    /// <summary>statusCode 401: the access key id of the signature is not known.</summary>
    public const int AccessKeyUnknown = 401002;

    /// <summary>statusCode 401: the signature does not match the request (tampered, wrong secret, wrong canonical form).</summary>
    public const int SignatureMismatch = 401003;

    /// <summary>statusCode 401: the <c>date</c> header is missing, unreadable, or further than the allowed clock skew from the server's clock.</summary>
    public const int DateOutOfRange = 401004;

    /// <summary>statusCode 401: the signature nonce was already used within the clock-skew window (replay).</summary>
    public const int NonceReplayed = 401005;

    /// <summary>statusCode 401: a signature header is missing or has an unsupported value (<c>signature-nonce</c>, <c>signature-method</c> HMAC-SHA1, <c>signature-version</c> 1.0).</summary>
    public const int SignatureHeaderInvalid = 401006;

    /// <summary>statusCode 401: the bearer management token is malformed, was not issued by this emulator, or has expired.</summary>
    public const int ManagementTokenInvalid = 401007;

    /// <summary>statusCode 401: the <c>{prefix}userpool-id</c> header is missing or does not match the management token's <c>scoped_userpool_id</c>.</summary>
    public const int UserPoolMismatch = 401008;

    /// <summary>statusCode 401: <c>/api/v3/get-management-token</c> was given an unknown access key id or a wrong secret.</summary>
    public const int AccessKeyRejected = 401009;

    /// <summary>statusCode 400: the request body is not a JSON object or lacks a required field.</summary>
    public const int InvalidRequest = 400001;

    /// <summary>statusCode 400: WeChat does not know the app id (WeChat errcode 40013).</summary>
    public const int WechatAppIdInvalid = 400002;

    /// <summary>statusCode 400: WeChat rejected the app secret (WeChat errcode 40125).</summary>
    public const int WechatAppSecretInvalid = 400003;
}
