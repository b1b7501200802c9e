using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace GenAuth.Hexagonal.Security.Tests;

/// <summary>
/// GenAuth's <c>Date</c> header corrects <c>expiresAt</c> (issue 11, finding 4), so a hostile or broken server's <c>Date</c> must
/// never lengthen a token's life, never be echoed, and never break a fetch that is otherwise good. Raw answers from a server
/// on 127.0.0.1 that writes only the headers the test gives it.
/// </summary>
public sealed class ClockSkewTests
{
    private static string HttpDate(DateTimeOffset value) => value.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public async Task DateTenMinutesAhead_ExpiryShortenedByTenMinutes()
    {
        var now = DateTimeOffset.UtcNow;
        var expiresAt = now.AddHours(2).ToUnixTimeSeconds();
        await using var server = HostileServer.Start(e => e.WriteAsync(Raw.Json(GenAuthBody(Secrets.AccessToken, expiresAt), "Date: " + HttpDate(now.AddMinutes(10)))));
        await using var stack = Stacks.GenAuth(server.BaseAddress);

        var token = await stack.GetAsync();

        // expiresAt − Date: 1 h 50 min, counted from when the answer arrived here.
        (token.ExpiresAt - DateTimeOffset.FromUnixTimeSeconds(expiresAt)).Should().BeCloseTo(TimeSpan.FromMinutes(-10), TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("a year ahead")]
    [InlineData("at expiresAt")]
    public async Task DateAtOrAfterExpiresAt_InvalidResponseNothingCachedNextGoodAnswerUsed(string when)
    {
        var expiresAt = DateTimeOffset.UtcNow.AddHours(2);
        var date = when == "a year ahead" ? expiresAt.AddYears(1) : expiresAt;
        var calls = 0;
        await using var server = HostileServer.Start(e => e.WriteAsync(Interlocked.Increment(ref calls) == 1
            ? Raw.Json(GenAuthBody(Secrets.OtherAccessToken, expiresAt.ToUnixTimeSeconds()), "Date: " + HttpDate(date))
            : Raw.GenAuthToken(Secrets.AccessToken)));
        await using var stack = Stacks.GenAuth(server.BaseAddress);

        var failure = await stack.FailAsync();
        var next = await stack.GetAsync();

        failure.Kind.Should().Be(WechatTokenErrorKind.InvalidResponse, "by the answer's own clock the token has expired");
        next.Value.Should().Be(Secrets.AccessToken, "nothing was cached");
        Secrets.Leaks(Texts.Of(failure).Concat(stack.LogTexts)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("not a date " + Secrets.AccessKeySecret)]
    [InlineData("Tue, 31 Feb 2026 25:61:00 GMT")]
    [InlineData("")]
    public async Task DateUnreadable_ExpiresAtUsedAsItIsOneWarningNothingEchoed(string date)
    {
        var expiresAt = DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds();
        await using var server = HostileServer.Start(e => e.WriteAsync(Raw.Json(GenAuthBody(Secrets.AccessToken, expiresAt), "Date: " + date)));
        await using var stack = Stacks.GenAuth(server.BaseAddress, caching: false);

        var first = await stack.GetAsync();
        await stack.GetAsync();

        first.ExpiresAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(expiresAt));
        stack.Logs.GetSnapshot().Count(r => r.Id.Id == 1009).Should().Be(1, "said once, not per fetch");
        Secrets.Leaks(stack.LogTexts).Should().BeEmpty();
        stack.LogTexts.Should().NotContain(t => t.Text != null && date.Length > 0 && t.Text.Contains(date, StringComparison.Ordinal), "the header's text is never logged");
    }

    private static string GenAuthBody(string token, long expiresAt) =>
        $$$"""{"statusCode":200,"message":"ok","requestId":"req-1","data":{"accessToken":"{{{token}}}","expiresAt":{{{expiresAt}}}}}""";
}
