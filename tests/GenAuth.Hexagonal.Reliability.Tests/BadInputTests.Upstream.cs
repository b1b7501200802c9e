using GenAuth.Hexagonal.Adapters.GenAuth;
using GenAuth.Hexagonal.Reliability.Tests.Infrastructure;
using GenAuth.Hexagonal.Testing;

namespace GenAuth.Hexagonal.Reliability.Tests;

/// <summary>Bad answers from upstream, served by the emulator through the whole stack (DI, cache, adapter, loopback HTTP).</summary>
public sealed partial class BadInputTests
{
    private const string GenAuthPath = GenAuthDefaults.WeixinAccessTokenEndpoint;
    private const string StableTokenPath = "/cgi-bin/stable_token";
    private const long Year2100 = 4102444800;

    private static readonly Dictionary<string, UpstreamCase> UpstreamCases = BuildUpstreamCases().ToDictionary(c => c.Name);

    public static TheoryData<string> UpstreamCaseNames() => [.. UpstreamCases.Keys];

    [Theory]
    [MemberData(nameof(UpstreamCaseNames))]
    public async Task GetAccessTokenAsync_BadUpstreamAnswer_TypedErrorThenGoodCallSucceeds(string name)
    {
        var c = UpstreamCases[name];
        var emulator = _fixture.CleanEmulator();
        await using var stack = c.Source == WechatTokenSource.Wechat
            ? Stack.Wechat(emulator)
            : Stack.GenAuth(emulator, o => o.Timeout = c.Kind == WechatTokenErrorKind.Timeout ? TimeSpan.FromMilliseconds(400) : TimeSpan.FromSeconds(10));
        emulator.InjectFault(c.Fault, c.Times, c.Source == WechatTokenSource.Wechat ? StableTokenPath : GenAuthPath);

        var act = async () => await stack.GetAsync();
        var failure = (await act.Should().ThrowExactlyAsync<WechatTokenException>()).Which;

        failure.Upstream.Should().Be(c.Source);
        failure.Kind.Should().Be(c.Kind, failure.Message);
        failure.IsTransient.Should().Be(c.Transient, failure.Message);
        failure.AppId.Should().Be(TestSecrets.AppId);
        if (c.HttpStatus is not null)
        {
            failure.HttpStatusCode.Should().Be(c.HttpStatus);
        }

        if (c.StatusCode is not null)
        {
            failure.StatusCode.Should().Be(c.StatusCode);
        }

        if (c.WechatErrorCode is not null)
        {
            failure.WechatErrorCode.Should().Be(c.WechatErrorCode);
        }

        failure.Message.Should().NotBeNullOrWhiteSpace();
        failure.Message.Length.Should().BeLessThan(1200, "a clear one-paragraph message");
        await AssertRecoversAsync(stack, failure, emulator);
    }

    private static async Task AssertRecoversAsync(Stack stack, Exception failure, WechatTokenEmulator emulator, bool goodTokenCachedBefore = false)
    {
        // The fault is used up: the next call reaches upstream again (nothing bad was cached) and succeeds.
        emulator.ClearFaults();
        var before = emulator.TotalRequestCount;
        var token = await stack.GetAsync();
        token.ExpiresAt.Should().BeAfter(DateTimeOffset.UtcNow.AddMinutes(5));
        if (!goodTokenCachedBefore)
        {
            emulator.TotalRequestCount.Should().Be(before + 1, "the bad answer was not cached: the good call went upstream");
            emulator.Requests[^1].Outcome.Should().Be("ok");
        }

        (await stack.GetAsync()).Should().BeSameAs(token, "the good token is cached now");
        emulator.TotalRequestCount.Should().Be(before + (goodTokenCachedBefore ? 0 : 1));

        var tokens = new[] { token.Value };
        foreach (var text in LeakScanner.ExceptionTexts(failure).Concat(stack.LogTexts()))
        {
            TestSecrets.AssertClean(text, tokens);
        }

        ReliabilityFigures.BadInputCase();
    }

    private static string Envelope(string data, int statusCode = 200) =>
        $$"""{"statusCode":{{statusCode}},"message":"Operation successful","requestId":"req-1","data":{{data}}}""";

    private static IEnumerable<UpstreamCase> BuildUpstreamCases()
    {
        const WechatTokenSource G = WechatTokenSource.GenAuth;
        const WechatTokenSource W = WechatTokenSource.Wechat;
        const WechatTokenErrorKind Invalid = WechatTokenErrorKind.InvalidResponse;
        const WechatTokenErrorKind Http = WechatTokenErrorKind.HttpError;
        const WechatTokenErrorKind Business = WechatTokenErrorKind.UpstreamError;
        var goodData = $$"""{"accessToken":"81_reliability_token_value_0001","expiresAt":{{Year2100}}}""";

        // GenAuth: bodies.
        yield return new("genauth html page (200)", G, EmulatorFault.Body("<html><body><h1>Bad gateway</h1></body></html>", "text/html"), Invalid, false);
        yield return new("genauth empty body", G, EmulatorFault.Body(string.Empty), Invalid, false);
        yield return new("genauth whitespace body", G, EmulatorFault.Body("  \r\n\t "), Invalid, false);
        yield return new("genauth truncated json", G, EmulatorFault.Body("""{"statusCode":200,"message":"ok","data":{"accessToken":"81_abc"""), Invalid, false);
        yield return new("genauth json array", G, EmulatorFault.Body("[1,2,3]"), Invalid, false);
        yield return new("genauth json null", G, EmulatorFault.Body("null"), Invalid, false);
        yield return new("genauth json string", G, EmulatorFault.Body("\"ok\""), Invalid, false);
        yield return new("genauth statusCode is a word", G, EmulatorFault.Body("""{"statusCode":"two hundred","data":null}"""), Invalid, false);
        yield return new("genauth statusCode missing", G, EmulatorFault.Body($$"""{"message":"ok","data":{{goodData}}}"""), Invalid, false);
        yield return new("genauth accessToken is a number", G, EmulatorFault.Body(Envelope($$"""{"accessToken":12345,"expiresAt":{{Year2100}}}""")), Invalid, false);
        yield return new("genauth data is an array", G, EmulatorFault.Body(Envelope("[]")), Invalid, false);
        yield return new("genauth data is null", G, EmulatorFault.Body(Envelope("null")), Invalid, false);
        yield return new("genauth token missing", G, EmulatorFault.Body(Envelope($$"""{"expiresAt":{{Year2100}}}""")), Invalid, false);
        yield return new("genauth token empty", G, EmulatorFault.Body(Envelope($$"""{"accessToken":"","expiresAt":{{Year2100}}}""")), Invalid, false);
        yield return new("genauth token with spaces", G, EmulatorFault.Body(Envelope($$"""{"accessToken":"not a token","expiresAt":{{Year2100}}}""")), Invalid, false);
        yield return new("genauth token 3000 chars", G, EmulatorFault.Body(Envelope($$"""{"accessToken":"{{new string('t', 3000)}}","expiresAt":{{Year2100}}}""")), Invalid, false);
        yield return new("genauth expiresAt past", G, EmulatorFault.Body(Envelope("""{"accessToken":"81_past_token_value","expiresAt":1000000000}""")), Invalid, false);
        yield return new("genauth expiresAt zero", G, EmulatorFault.Body(Envelope("""{"accessToken":"81_zero_token_value","expiresAt":0}""")), Invalid, false);
        yield return new("genauth expiresAt negative", G, EmulatorFault.Body(Envelope("""{"accessToken":"81_neg_token_value","expiresAt":-5}""")), Invalid, false);
        yield return new("genauth expiresAt in milliseconds (absurd)", G, EmulatorFault.Body(Envelope($$"""{"accessToken":"81_ms_token_value","expiresAt":{{Year2100 * 1000}}}""")), Invalid, false);
        yield return new("genauth expiresAt beyond int64", G, EmulatorFault.Body(Envelope("""{"accessToken":"81_big_token_value","expiresAt":123456789012345678901234567890}""")), Invalid, false);
        yield return new("genauth expiresAt not a number", G, EmulatorFault.Body(Envelope("""{"accessToken":"81_nan_token_value","expiresAt":"soon"}""")), Invalid, false);
        yield return new("genauth expiresAt fractional", G, EmulatorFault.Body(Envelope($$"""{"accessToken":"81_frac_token_value","expiresAt":{{Year2100}}.5}""")), Invalid, false);
        yield return new("genauth expiresAt boolean", G, EmulatorFault.Body(Envelope("""{"accessToken":"81_bool_token_value","expiresAt":true}""")), Invalid, false);
        yield return new("genauth expiresAt missing", G, EmulatorFault.Body(Envelope("""{"accessToken":"81_noexp_token_value"}""")), Invalid, false);
        yield return new("genauth 10 MB body", G, EmulatorFault.LargeBody(), Invalid, false);
        yield return new("genauth json served as text/html", G, EmulatorFault.Body(Envelope(goodData), "text/html"), Invalid, false);
        yield return new("genauth xml", G, EmulatorFault.Body("<?xml version=\"1.0\"?><error>busy</error>", "application/xml"), Invalid, false);
        yield return new("genauth plain text", G, EmulatorFault.Body("Service Unavailable", "text/plain"), Invalid, false);
        yield return new("genauth wechat errcode body", G, EmulatorFault.WechatError(40001, "invalid credential"), Invalid, false);

        // GenAuth: HTTP statuses (no retries in this stack, so one fault is one failure).
        foreach (var status in new[] { 301, 302, 304, 400, 401, 403, 404, 408, 429, 500, 502, 503, 504 })
        {
            var transient = status is 408 or 429 or >= 500;
            var body = status == 304 ? null : $"<html><body>HTTP {status} from a gateway</body></html>";
            yield return new($"genauth http {status}", G, EmulatorFault.HttpStatus(status, body), Http, transient, HttpStatus: status);
        }

        yield return new("genauth http 503 with json envelope", G, EmulatorFault.HttpStatus(503, """{"statusCode":503,"message":"busy","apiCode":503001}""", "application/json"), Http, true, HttpStatus: 503, StatusCode: 503);

        // GenAuth: business errors (HTTP 200, statusCode != 200).
        foreach (var (status, transient) in new[] { (400, false), (401, false), (403, false), (404, false), (429, true), (500, true) })
        {
            yield return new($"genauth business statusCode {status}", G, EmulatorFault.GenAuthError(status, (status * 1000) + 1, "refused"), Business, transient, HttpStatus: 200, StatusCode: status);
        }

        // GenAuth: transport.
        yield return new("genauth dropped connection", G, EmulatorFault.DropConnection(), WechatTokenErrorKind.Network, true);
        yield return new("genauth timeout", G, EmulatorFault.Latency(TimeSpan.FromSeconds(3)), WechatTokenErrorKind.Timeout, true);

        // WeChat stable_token: errcodes.
        foreach (var errcode in new[] { -1, 40001, 40002, 40013, 40125, 40164, 41002, 41004, 45009, 45011, 48001, 50002, 89503, 89506, 61234 })
        {
            yield return new($"wechat errcode {errcode}", W, EmulatorFault.WechatError(errcode, "refused"), Business, errcode is -1 or 45011, WechatErrorCode: errcode);
        }

        // WeChat stable_token: bodies and statuses (stable_token retries 5xx twice at the HTTP level: 3 faults).
        yield return new("wechat html page", W, EmulatorFault.Body("<html>login</html>", "text/html"), Invalid, false);
        yield return new("wechat empty body", W, EmulatorFault.Body(string.Empty), Invalid, false);
        yield return new("wechat truncated json", W, EmulatorFault.Body("""{"access_token":"81_x","expi"""), Invalid, false);
        yield return new("wechat access_token missing", W, EmulatorFault.Body("""{"expires_in":7200}"""), Invalid, false);
        yield return new("wechat expires_in zero", W, EmulatorFault.Body("""{"access_token":"81_wechat_zero","expires_in":0}"""), Invalid, false);
        yield return new("wechat expires_in negative", W, EmulatorFault.Body("""{"access_token":"81_wechat_neg","expires_in":-7200}"""), Invalid, false);
        yield return new("wechat expires_in absurd", W, EmulatorFault.Body("""{"access_token":"81_wechat_big","expires_in":999999999999}"""), Invalid, false);
        yield return new("wechat expires_in not a number", W, EmulatorFault.Body("""{"access_token":"81_wechat_nan","expires_in":"soon"}"""), Invalid, false);
        yield return new("wechat 100 KB body", W, EmulatorFault.LargeBody(100_000), Invalid, false);
        yield return new("wechat http 403", W, EmulatorFault.HttpStatus(403, "<html>forbidden</html>"), Http, false, HttpStatus: 403);
        yield return new("wechat http 502 burst", W, EmulatorFault.HttpStatus(502, "<html>bad gateway</html>"), Http, true, HttpStatus: 502, Times: 3);
        yield return new("wechat dropped connections", W, EmulatorFault.DropConnection(), WechatTokenErrorKind.Network, true, Times: 3);
    }

    /// <summary>One bad answer and the error it must produce.</summary>
    public sealed record UpstreamCase(
        string Name,
        WechatTokenSource Source,
        EmulatorFault Fault,
        WechatTokenErrorKind Kind,
        bool Transient,
        int? HttpStatus = null,
        int? StatusCode = null,
        int? WechatErrorCode = null,
        int Times = 1);
}
