using System.Text;

namespace GenAuth.Hexagonal.Security.Tests.Infrastructure;

/// <summary>Unsigned JWTs with the claims a test chooses (the library reads the payload without verifying, as the SDKs do).</summary>
internal static class Jwt
{
    public static string WithPayload(string payloadJson) =>
        Encode("""{"alg":"HS256","typ":"JWT"}""") + "." + Encode(payloadJson) + ".c2lnbmF0dXJl";

    private static string Encode(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
