namespace GenAuth.Hexagonal.Security.Tests;

/// <summary>
/// Finding 8: answers that parse two ways are refused. A JSON object with a repeated key (<c>{"statusCode":500,"statusCode":200}</c>)
/// is an <see cref="WechatTokenErrorKind.InvalidResponse"/>, not "the last one wins"; so is a body in a charset the
/// library cannot decode (<c>utf-7</c>). Nothing is cached: the next good answer is fetched and used.
/// </summary>
public sealed class StrictParsingTests
{
    private static readonly long Expiry = DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds();

    public static TheoryData<string, string, string> Answers => new()
    {
        { "genauth", "repeated statusCode", Raw.Json($$$"""{"statusCode":500,"statusCode":200,"message":"ok","data":{"accessToken":"{{{Secrets.OtherAccessToken}}}","expiresAt":{{{Expiry}}}}}""") },
        { "genauth", "repeated data", Raw.Json($$$"""{"statusCode":200,"data":{"accessToken":"x"},"data":{"accessToken":"{{{Secrets.OtherAccessToken}}}","expiresAt":{{{Expiry}}}}}""") },
        { "genauth", "repeated accessToken", Raw.Json($$$"""{"statusCode":200,"data":{"accessToken":"81_a","accessToken":"{{{Secrets.OtherAccessToken}}}","expiresAt":{{{Expiry}}}}}""") },
        { "genauth", "utf-7 charset", Raw.Response(200, "application/json; charset=utf-7", $$$"""{"statusCode":200,"data":{"accessToken":"{{{Secrets.OtherAccessToken}}}","expiresAt":{{{Expiry}}}}}""") },
        { "wechat", "repeated access_token", Raw.Json($$"""{"access_token":"81_a","access_token":"{{Secrets.OtherAccessToken}}","expires_in":7200}""") },
        { "wechat", "repeated errcode", Raw.Json($$"""{"errcode":40001,"errcode":0,"access_token":"{{Secrets.OtherAccessToken}}","expires_in":7200}""") },
        { "wechat", "repeated expires_in", Raw.Json($$"""{"access_token":"{{Secrets.OtherAccessToken}}","expires_in":1,"expires_in":7200}""") },
        { "wechat", "utf-7 charset", Raw.Response(200, "application/json; charset=utf-7", $$"""{"access_token":"{{Secrets.OtherAccessToken}}","expires_in":7200}""") },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task AmbiguousAnswer_InvalidResponseAndNothingCached(string source, string what, string answer)
    {
        var calls = 0;
        var good = source == "genauth" ? Raw.GenAuthToken(Secrets.AccessToken) : Raw.WechatToken(Secrets.AccessToken);
        await using var server = HostileServer.Start(e => e.WriteAsync(Interlocked.Increment(ref calls) == 1 ? answer : good));
        await using var stack = source == "genauth" ? Stacks.GenAuth(server.BaseAddress) : Stacks.Wechat(server.BaseAddress);

        var failure = await stack.FailAsync();
        var next = await stack.GetAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.InvalidResponse, $"an answer with {what} can be read two ways");
        failure.IsTransient.Should().BeFalse();
        next.Value.Should().Be(Secrets.AccessToken, "the refused answer was not cached; the next good one is used");
        server.Requests.Should().HaveCount(2);
    }
}
