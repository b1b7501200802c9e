namespace GenAuth.Hexagonal.Adapters.GenAuth;

/// <summary>Which brand of the service to talk to. The brand decides header names, the signature scheme and the default host.</summary>
public enum GenAuthBrand
{
    /// <summary>GenAuth: headers <c>x-genauth-*</c>, signature scheme <c>GenAuth</c>, default host <c>https://api.genauth.ai</c>.</summary>
    GenAuth = 0,

    /// <summary>Authing: headers <c>x-authing-*</c>, signature scheme <c>authing</c>, default host <c>https://api.authing.cn</c>.</summary>
    Authing = 1,
}
