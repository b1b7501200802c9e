namespace GenAuth.Hexagonal.Adapters.GenAuth;

/// <summary>How requests to GenAuth's management API are authenticated. Both use the access key id and secret.</summary>
public enum GenAuthAuthentication
{
    /// <summary>
    /// AK/SK request signing (HMAC-SHA1 over the method, the brand headers, the path and the body fields), as the
    /// official Node and C# SDKs do. Every request carries a fresh nonce and date. The default.
    /// </summary>
    Signature = 0,

    /// <summary>
    /// A management token from <c>POST /api/v3/get-management-token</c>, sent as <c>authorization: Bearer</c>, as the
    /// official Python, Go and Java SDKs do. The token is cached and refreshed ahead of its expiry, one refresh at a time.
    /// </summary>
    ManagementToken = 1,
}
