using GenAuth.Hexagonal.Adapters.GenAuth;

namespace GenAuth.Hexagonal.Security.Tests;

/// <summary>
/// Finding 4: text from upstream or from the transport is scrubbed before it reaches an exception message,
/// <c>ToString()</c>, a log line (the library's, Polly's, IHttpClientFactory's) or a tag: the app secret, the access
/// key secret, the management token and access tokens, in any letter case.
/// </summary>
public sealed class TransportErrorScrubbingTests
{
    [Theory]
    [InlineData("genauth")]
    [InlineData("genauth-management-token")]
    [InlineData("wechat-stable-token")]
    [InlineData("wechat-cgi-bin-token")]
    public async Task MalformedHeaderLineEchoingSecrets_NoSecretInExceptionOrAnyLog(string source)
    {
        await using var server = HostileServer.Start(e => e.WriteAsync(
            e.Request.Path == GenAuthDefaults.ManagementTokenEndpoint && source != "genauth-management-token"
                ? Raw.ManagementToken(Secrets.ManagementToken)
                : EchoingHeaderAnswer(e.Request)));
        await using var stack = source switch
        {
            "genauth" => Stacks.GenAuth(server.BaseAddress, new Dictionary<string, string?> { ["GenAuth:MaxRetryAttempts"] = "1" }),
            "genauth-management-token" => Stacks.GenAuth(server.BaseAddress, new Dictionary<string, string?> { ["GenAuth:MaxRetryAttempts"] = "1", ["GenAuth:Auth"] = "ManagementToken" }),
            "wechat-stable-token" => Stacks.Wechat(server.BaseAddress),
            _ => Stacks.Wechat(server.BaseAddress, new Dictionary<string, string?> { ["Wechat:Endpoint"] = "Token" }),
        };

        var failure = await stack.FailAsync();

        server.Requests.Should().NotBeEmpty();
        Secrets.Leaks(Texts.Of(failure).Concat(stack.LogTexts)).Should().BeEmpty();
    }

    /// <summary>
    /// Echoes every secret the request carried (as sent and upper-cased) in a header line without a colon: .NET quotes
    /// the whole line in the message of the <see cref="HttpRequestException"/> it throws.
    /// </summary>
    private static string EchoingHeaderAnswer(HostileRequest request)
    {
        var carried = Secrets.All.Where(s => request.AllText.Contains(s, StringComparison.Ordinal)
            || Uri.UnescapeDataString(request.Target).Contains(s, StringComparison.Ordinal)).ToList();
        carried.Should().NotBeEmpty("the request carries a secret for the server to echo");
        var echo = string.Join(' ', carried.SelectMany(s => new[] { s, s.ToUpperInvariant() }));
        return $"HTTP/1.1 200 OK\r\nX-Echo {echo}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}";
    }

    [Fact]
    public async Task GenAuthMalformedHeaderAfterManagementToken_ManagementTokenScrubbed()
    {
        var echo = "HTTP/1.1 200 OK\r\n" + $"X-Echo Bearer {Secrets.ManagementToken.ToUpperInvariant()} {Secrets.ManagementToken}\r\n" + "Content-Length: 2\r\nConnection: close\r\n\r\n{}";
        await using var server = HostileServer.Start(e => e.WriteAsync(
            e.Request.Path == GenAuthDefaults.ManagementTokenEndpoint ? Raw.ManagementToken(Secrets.ManagementToken) : echo));
        await using var stack = Stacks.GenAuth(server.BaseAddress, new Dictionary<string, string?> { ["GenAuth:Auth"] = "ManagementToken" });

        var failure = await stack.FailAsync();

        Secrets.Leaks(Texts.Of(failure).Concat(stack.LogTexts)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("genauth", $$"""{"statusCode":200,"{{Secrets.AppSecret}}":[1,""")]
    [InlineData("genauth", $$"""{"{{Secrets.AccessKeySecret}}":""")]
    [InlineData("wechat", $$"""{"expires_in":7200,"{{Secrets.AppSecret}}":""")]
    [InlineData("wechat", $$"""{"{{Secrets.AppSecret}}":{"a":[1,2""")]
    public async Task MalformedJsonWhosePropertyNameIsTheSecret_PathScrubbed(string source, string body)
    {
        await using var server = HostileServer.Answering(Raw.Json(body));
        await using var stack = source == "wechat" ? Stacks.Wechat(server.BaseAddress) : Stacks.GenAuth(server.BaseAddress);

        var failure = await stack.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.InvalidResponse);
        Secrets.Leaks(Texts.Of(failure).Concat(stack.LogTexts)).Should().BeEmpty("JsonException.Path and Message quote property names");
    }

    [Theory]
    [InlineData("management token, as sent")]
    [InlineData("management token, upper-cased")]
    [InlineData("app secret, upper-cased")]
    [InlineData("access key secret, lower-cased with a prefix")]
    public async Task GenAuthErrorMessageEchoingASecret_Scrubbed(string what)
    {
        var echoed = what switch
        {
            "management token, as sent" => "Bearer " + Secrets.ManagementToken,
            "management token, upper-cased" => Secrets.ManagementToken.ToUpperInvariant(),
            "app secret, upper-cased" => Secrets.AppSecret.ToUpperInvariant(),
            _ => "key=" + Secrets.AccessKeySecret.ToLowerInvariant(),
        };
        await using var server = HostileServer.Start(e => e.WriteAsync(e.Request.Path == GenAuthDefaults.ManagementTokenEndpoint
            ? Raw.ManagementToken(Secrets.ManagementToken)
            : Raw.Json($$"""{"statusCode":400,"apiCode":400003,"message":"denied {{echoed}}","requestId":"req {{echoed}}"}""")));
        await using var stack = Stacks.GenAuth(server.BaseAddress, new Dictionary<string, string?> { ["GenAuth:Auth"] = "ManagementToken" });

        var failure = await stack.FailAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.UpstreamError);
        failure.Message.Should().Contain("denied", "the rest of GenAuth's message is still reported");
        Secrets.Leaks(Texts.Of(failure).Concat(stack.LogTexts).Append(("RequestId", failure.RequestId))).Should().BeEmpty();
    }

    [Fact]
    public async Task WechatErrmsgEchoingTheSecretInAnotherCase_Scrubbed()
    {
        await using var server = HostileServer.Answering(Raw.Json($$"""{"errcode":40125,"errmsg":"invalid appsecret {{Secrets.AppSecret.ToUpperInvariant()}} rid: 1"}"""));
        await using var stack = Stacks.Wechat(server.BaseAddress);

        var failure = await stack.FailAsync();

        failure.WechatErrorCode.Should().Be(40125);
        failure.Message.Should().Contain("invalid appsecret");
        Secrets.Leaks(Texts.Of(failure).Concat(stack.LogTexts)).Should().BeEmpty();
    }
}
