using GenAuth.Hexagonal.Adapters.GenAuth.Internal;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Tests;

/// <summary>The test vector of protocol.md §2a, checked against the official Node SDK's signing code.</summary>
public class GenAuthSignatureTests
{
    private const string Path = "/api/v3/get-weixin-access-token";
    private const string Body = """{"appId":"wx1234567890abcdef","appSecret":"0123456789abcdef0123456789abcdef"}""";
    private const string AccessKeyId = "5f1c2d3e4a5b6c7d8e9f0a1b";
    private const string AccessKeySecret = "example-access-key-secret";

    [Theory]
    [InlineData(GenAuthBrand.Authing,
        "POST\ndate:Tue, 24 Nov 2026 12:00:00 GMT\nx-authing-lang:zh-CN\nx-authing-sdk-version:genauth-hexagonal:1.0.0\nx-authing-signature-method:HMAC-SHA1\nx-authing-signature-nonce:6f1c0e2ab1d84c7e9a3b5d7f0c2e4a6b\nx-authing-signature-version:1.0\n/api/v3/get-weixin-access-token?appId=wx1234567890abcdef&appSecret=0123456789abcdef0123456789abcdef",
        "authing 5f1c2d3e4a5b6c7d8e9f0a1b:4Dj/iSBxRVkff39ihNjgZuwwg1A=")]
    [InlineData(GenAuthBrand.GenAuth,
        "POST\ndate:Tue, 24 Nov 2026 12:00:00 GMT\nx-genauth-lang:zh-CN\nx-genauth-sdk-version:genauth-hexagonal:1.0.0\nx-genauth-signature-method:HMAC-SHA1\nx-genauth-signature-nonce:6f1c0e2ab1d84c7e9a3b5d7f0c2e4a6b\nx-genauth-signature-version:1.0\n/api/v3/get-weixin-access-token?appId=wx1234567890abcdef&appSecret=0123456789abcdef0123456789abcdef",
        "GenAuth 5f1c2d3e4a5b6c7d8e9f0a1b:V0q5rn2nnUE4hR5npu2D5F0LbsI=")]
    public void BuildStringToSign_ProtocolTestVector_MatchesExactly(GenAuthBrand brand, string expectedStringToSign, string expectedAuthorization)
    {
        var prefix = GenAuthBrandInfo.HeaderPrefix(brand);

        // Deliberately unsorted, to show the canonical order does not depend on the order headers were added.
        KeyValuePair<string, string>[] headers =
        [
            new(prefix + "signature-nonce", "6f1c0e2ab1d84c7e9a3b5d7f0c2e4a6b"),
            new(prefix + "sdk-version", "genauth-hexagonal:1.0.0"),
            new("date", "Tue, 24 Nov 2026 12:00:00 GMT"),
            new(prefix + "signature-version", "1.0"),
            new(prefix + "lang", "zh-CN"),
            new(prefix + "signature-method", "HMAC-SHA1"),
        ];

        var stringToSign = GenAuthSignature.BuildStringToSign("POST", Path, headers, GenAuthSignature.BodyParameters(Body));
        var authorization = $"{GenAuthBrandInfo.SignatureScheme(brand)} {AccessKeyId}:{GenAuthSignature.Sign(stringToSign, AccessKeySecret)}";

        stringToSign.Should().Be(expectedStringToSign);
        authorization.Should().Be(expectedAuthorization);
    }

    [Fact]
    public void QueryParameters_GetExampleWithUndefinedSkipped_SignsSortedResource()
    {
        // The Node SDK drops `keywords: undefined` before building the query, so the URI has page and limit only.
        var uri = new Uri("https://api.genauth.ai/api/v3/list-users?page=1&limit=10");

        var stringToSign = GenAuthSignature.BuildStringToSign("get", uri.AbsolutePath, [], GenAuthSignature.QueryParameters(uri));

        stringToSign.Should().Be("GET\n/api/v3/list-users?limit=10&page=1");
    }

    [Fact]
    public void QueryParameters_EncodedValues_AreSignedRaw()
    {
        var uri = new Uri("https://api.genauth.ai/api/v3/list-users?keywords=a%20b%26c&page=2");

        GenAuthSignature.QueryParameters(uri).Should().Equal(
            KeyValuePair.Create("keywords", "a b&c"), KeyValuePair.Create("page", "2"));
    }

    [Fact]
    public void BodyParameters_MixedValueKinds_RawValuesNullsSkippedObjectsAsJson()
    {
        var parameters = GenAuthSignature.BodyParameters("""{"b":2,"a":"x y","n":null,"t":true,"o":{"k":[1,2]}}""");

        parameters.Should().Equal(
            KeyValuePair.Create("b", "2"),
            KeyValuePair.Create("a", "x y"),
            KeyValuePair.Create("t", "true"),
            KeyValuePair.Create("o", """{"k":[1,2]}"""));
        GenAuthSignature.BuildStringToSign("POST", "/p", [], parameters).Should().Be("""POST\n/p?a=x y&b=2&o={"k":[1,2]}&t=true""".Replace("\\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void BuildStringToSign_HeaderValuesWithControlWhitespace_AreFlattenedAndTrimmed()
    {
        var stringToSign = GenAuthSignature.BuildStringToSign(
            "POST", "/p", [new("X-GenAuth-App-Id", " tenant\t1\r\n ")], []);

        stringToSign.Should().Be("POST\nx-genauth-app-id:tenant 1\n/p");
    }

    [Fact]
    public void Sign_DifferentSecret_GivesDifferentSignature()
    {
        GenAuthSignature.Sign("POST\n/p", "secret-a").Should().NotBe(GenAuthSignature.Sign("POST\n/p", "secret-b"));
    }
}
