using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>
/// Issues and checks management tokens: well-formed JWTs (<c>header.payload.signature</c>, base64url) with
/// <c>scoped_userpool_id</c> and <c>exp</c> claims, signed HS256 with a per-emulator random key so that a
/// token the emulator did not issue is rejected. Clients read the payload without verifying it.
/// </summary>
internal sealed class ManagementTokenIssuer(TimeProvider timeProvider)
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Issue(AccessKey accessKey, TimeSpan lifetime)
    {
        var now = timeProvider.GetUtcNow();
        var header = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(
            new JwtHeader("HS256", "JWT"), EmulatorJsonContext.Default.JwtHeader));
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(
            new JwtPayload(
                "genauth-hexagonal-emulator",
                accessKey.Id,
                accessKey.UserPoolId,
                now.ToUnixTimeSeconds(),
                (now + lifetime).ToUnixTimeSeconds(),
                Guid.NewGuid().ToString("N")),
            EmulatorJsonContext.Default.JwtPayload));
        var signed = header + "." + payload;
        return signed + "." + Base64Url.EncodeToString(Sign(signed));
    }

    /// <summary>Checks a bearer token; returns its <c>scoped_userpool_id</c>, or a failure.</summary>
    public AuthFailure? Validate(string token, out string? userPoolId)
    {
        userPoolId = null;
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return Invalid("The management token is not a JWT.");
        }

        byte[] signature;
        JwtPayload? payload;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[2]);
            payload = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(parts[1]), EmulatorJsonContext.Default.JwtPayload);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return Invalid("The management token is malformed.");
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(parts[0] + "." + parts[1])) || payload is null)
        {
            return Invalid("The management token was not issued by this server.");
        }

        if (timeProvider.GetUtcNow().ToUnixTimeSeconds() >= payload.ExpiresAt)
        {
            return Invalid("The management token has expired.");
        }

        userPoolId = payload.ScopedUserPoolId;
        return null;
    }

    private byte[] Sign(string data) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(data));

    private static AuthFailure Invalid(string message) => new(EmulatorApiCodes.ManagementTokenInvalid, message);
}
