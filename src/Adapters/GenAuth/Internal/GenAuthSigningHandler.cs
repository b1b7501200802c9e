using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>
/// Signs each attempt with the access key (protocol.md §2a): a fresh random nonce and the current date per attempt,
/// so it sits inside the retry handler. The string to sign holds the app secret and is never logged.
/// </summary>
internal sealed class GenAuthSigningHandler : DelegatingHandler
{
    private readonly GenAuthOptions _options;
    private readonly TimeProvider _timeProvider;

    public GenAuthSigningHandler(IOptions<GenAuthOptions> options, TimeProvider timeProvider)
    {
        _options = options.Value;
        _timeProvider = timeProvider;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prefix = GenAuthBrandInfo.HeaderPrefix(_options.Brand);
        GenAuthRequestHeaders.ApplyCommon(request, _options);
        GenAuthRequestHeaders.Set(request, prefix + "signature-method", "HMAC-SHA1");
        GenAuthRequestHeaders.Set(request, prefix + "signature-version", "1.0");
        GenAuthRequestHeaders.Set(request, prefix + "signature-nonce", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        var date = DateTimeOffset.FromUnixTimeSeconds(_timeProvider.GetUtcNow().ToUnixTimeSeconds());
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
        var signature = GenAuthSignature.Sign(stringToSign, _options.AccessKeySecret ?? string.Empty);
        request.Headers.Authorization = new AuthenticationHeaderValue(
            GenAuthBrandInfo.SignatureScheme(_options.Brand), $"{_options.AccessKeyId}:{signature}");
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
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
