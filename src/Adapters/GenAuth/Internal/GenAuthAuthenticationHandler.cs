using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>
/// Authenticates each attempt of a token request, the way the fetch's options say (<see cref="GenAuthOptions.Auth"/>, read
/// per request so a reload applies to the next fetch): AK/SK signature (protocol.md §2a: a fresh random nonce and the
/// current date per attempt, so it sits inside the retry handler; the string to sign holds the app secret and is never
/// logged), or the cached management token (<c>authorization: Bearer</c> and <c>{prefix}userpool-id</c>).
/// </summary>
internal sealed class GenAuthAuthenticationHandler(
    LastValidOptionsMonitor<GenAuthOptions> options, GenAuthManagementTokenCache managementTokens, TimeProvider timeProvider) : DelegatingHandler
{
    /// <summary>The management token an attempt was sent with, so the provider can drop exactly that token when GenAuth rejects it.</summary>
    public static readonly HttpRequestOptionsKey<GenAuthManagementToken> ManagementTokenKey = new("GenAuth.Hexagonal.ManagementToken");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = GenAuthCall.Of(request);
        var current = call?.Options ?? options.CurrentValue;
        GenAuthRequestHeaders.ApplyCommon(request, current);
        if (current.Auth == GenAuthAuthentication.ManagementToken)
        {
            var token = await managementTokens.GetAsync(current, cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
            GenAuthRequestHeaders.Set(request, GenAuthBrandInfo.HeaderPrefix(current.Brand) + "userpool-id", token.UserPoolId);
            request.Options.Set(ManagementTokenKey, token);
            call?.AddSecret(token.Value);
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            response.RequestMessage ??= request;
            return response;
        }

        await SignAsync(request, current, cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task SignAsync(HttpRequestMessage request, GenAuthOptions current, CancellationToken cancellationToken)
    {
        var prefix = GenAuthBrandInfo.HeaderPrefix(current.Brand);
        GenAuthRequestHeaders.Set(request, prefix + "signature-method", "HMAC-SHA1");
        GenAuthRequestHeaders.Set(request, prefix + "signature-version", "1.0");
        GenAuthRequestHeaders.Set(request, prefix + "signature-nonce", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        var date = DateTimeOffset.FromUnixTimeSeconds(timeProvider.GetUtcNow().ToUnixTimeSeconds());
        request.Headers.Date = date;

        // Every header with the brand prefix is signed, including ones set before this handler (a client's
        // DefaultRequestHeaders, another handler): the server signs what it receives.
        var signed = SignedHeaders(request, prefix);
        signed.Add(KeyValuePair.Create("date", date.ToString("r", CultureInfo.InvariantCulture)));

        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        IReadOnlyList<KeyValuePair<string, string>> parameters;
        if (request.Content is null || request.Method == HttpMethod.Get || request.Method == HttpMethod.Head)
        {
            parameters = GenAuthSignature.QueryParameters(uri);
        }
        else
        {
            var body = await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                parameters = GenAuthSignature.BodyParameters(body);
            }
            catch (JsonException)
            {
                parameters = GenAuthSignature.QueryParameters(uri);
            }
        }

        var stringToSign = GenAuthSignature.BuildStringToSign(request.Method.Method, uri.AbsolutePath, signed, parameters);
        var signature = GenAuthSignature.Sign(stringToSign, current.AccessKeySecret ?? string.Empty);
        request.Headers.Authorization = new AuthenticationHeaderValue(
            GenAuthBrandInfo.SignatureScheme(current.Brand), $"{current.AccessKeyId}:{signature}");
    }

    [SuppressMessage("Globalization", "CA1308:Normalize strings to uppercase", Justification = "The protocol signs lower-case header names.")]
    private static List<KeyValuePair<string, string>> SignedHeaders(HttpRequestMessage request, string prefix)
    {
        var signed = new List<KeyValuePair<string, string>>(8);
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                signed.Add(KeyValuePair.Create(name.ToLowerInvariant(), string.Join(',', values)));
            }
        }

        return signed;
    }
}
