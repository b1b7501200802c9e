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
        var signed = GenAuthRequestHeaders.ApplyCommon(request, _options);
        signed.Add(KeyValuePair.Create(prefix + "signature-method", "HMAC-SHA1"));
        signed.Add(KeyValuePair.Create(prefix + "signature-version", "1.0"));
        signed.Add(KeyValuePair.Create(prefix + "signature-nonce", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))));
        foreach (var (name, value) in signed.Skip(signed.Count - 3))
        {
            GenAuthRequestHeaders.Set(request, name, value);
        }

        var date = DateTimeOffset.FromUnixTimeSeconds(_timeProvider.GetUtcNow().ToUnixTimeSeconds());
        request.Headers.Date = date;
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
}
