namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>What a brand changes on the wire: the header prefix and the signature scheme.</summary>
internal static class GenAuthBrandInfo
{
    public static string HeaderPrefix(GenAuthBrand brand) => brand == GenAuthBrand.Authing ? "x-authing-" : "x-genauth-";

    public static string SignatureScheme(GenAuthBrand brand) => brand == GenAuthBrand.Authing ? "authing" : "GenAuth";
}
