using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace GenAuth.Hexagonal.Security.Tests;

/// <summary>
/// Finding 7: <see cref="Adapters.Wechat.WechatAccessTokenHandler"/> bounds what it holds in memory. It looks at no more
/// than the first 16 KB of an answer for an errcode and hands the rest on as a stream (an endless chunked
/// <c>application/json</c> answer reaches a <c>ResponseHeadersRead</c> caller at once); a request body of unknown length
/// is buffered only up to <c>MaxReplayableRequestBytes</c> (1 MiB) and the rest streamed; such a request is not retried
/// after a token rejection, but the rejected token is still invalidated.
/// </summary>
public sealed class HandlerStreamingTests
{
    private const string ClientName = "wechat-api";
    private const int FirstPart = 64 * 1024;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task ChunkedJsonAnswerThatDoesNotEnd_CallerGetsHeadersAtOnceAndTheWholeStream()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var wechat = HostileServer.Start(async e =>
        {
            await e.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
            await e.WriteAsync(Chunk(Pattern(0, FirstPart)));
            await release.Task.WaitAsync(Guard, e.Stopping); // the body stays open until the test has its response
            await e.WriteAsync(Chunk(Pattern(FirstPart, FirstPart)));
            await e.WriteAsync("0\r\n\r\n");
        }, tls: true);
        await using var tokens = HostileServer.Answering(Raw.WechatToken(Secrets.AccessToken));
        await using var stack = WithApiClient(tokens, wechat);
        var client = stack.Services.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.weixin.qq.com/cgi-bin/stream");

        var sending = client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var headersFirst = await Task.WhenAny(sending, Task.Delay(Guard)) == sending;
        release.TrySetResult();
        using var response = await sending;
        var body = await response.Content.ReadAsByteArrayAsync();

        headersFirst.Should().BeTrue("the handler may read at most 16 KB before handing the answer on; it must not wait for the end of the body");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        body.Should().Equal(Pattern(0, 2 * FirstPart), "the bytes the handler looked at are handed on, followed by the rest");
        wechat.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task StreamedRequestBodyLargerThanTheReplayLimit_SentWhileReadNotRetriedButTokenInvalidated()
    {
        const long size = 4L * 1024 * 1024;
        var source = new PatternStream(size, pauseAfter: 2L * 1024 * 1024, Guard);
        var tokenCalls = 0;
        await using var tokens = HostileServer.Start(e => e.WriteAsync(
            Raw.WechatToken(Interlocked.Increment(ref tokenCalls) == 1 ? Secrets.AccessToken : Secrets.OtherAccessToken)));
        await using var wechat = HostileServer.Start(
            e => e.WriteAsync(e.Request.Target.Contains(Secrets.AccessToken, StringComparison.Ordinal)
                ? Raw.Json("""{"errcode":40001,"errmsg":"invalid credential, access_token is invalid or not latest"}""")
                : Raw.Json("""{"errcode":0,"errmsg":"ok"}""")),
            onHead: _ => source.Resume(), // the head arrived: the client did not wait for the whole body
            tls: true);
        await using var stack = WithApiClient(tokens, wechat);
        var client = stack.Services.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName);

        using var upload = new HttpRequestMessage(HttpMethod.Post, "https://api.weixin.qq.com/cgi-bin/media/upload")
        {
            Content = new StreamContent(source),
        };
        using var rejected = await client.SendAsync(upload).WaitAsync(Guard);
        var rejection = await rejected.Content.ReadAsStringAsync();
        using var next = await client.PostAsync(new Uri("https://api.weixin.qq.com/cgi-bin/message/custom/send"), new StringContent("{}"));

        source.GuardElapsed.Should().BeFalse("the request must leave after at most MaxReplayableRequestBytes were buffered, not after the whole body was read");
        wechat.Requests.Should().HaveCount(2, "the streamed upload is not retried after the 40001; the next request is the small one");
        var first = wechat.Requests[0];
        first.BodyLength.Should().Be(size, "the whole body arrived once");
        first.Body.Take(1000).Should().Equal(Enumerable.Range(0, 1000).Select(i => PatternStream.At(i)));
        rejection.Should().Contain("40001", "the caller gets WeChat's answer");
        wechat.Requests[1].Target.Should().Contain(Secrets.OtherAccessToken, "the rejected token was invalidated, so the next request carries a fresh one");
    }

    private static Stacks WithApiClient(HostileServer tokens, HostileServer wechat) =>
        Stacks.Wechat(tokens.BaseAddress, more: services => services.AddHttpClient(ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => LoopbackRouting.Handler(new Dictionary<string, int> { ["api.weixin.qq.com"] = wechat.Port }))
            .AddWechatAccessToken("mini"));

    private static byte[] Pattern(int offset, int count) =>
        Enumerable.Range(offset, count).Select(i => (byte)('0' + (i % 10))).ToArray();

    private static byte[] Chunk(byte[] data) =>
        [.. Encoding.ASCII.GetBytes(data.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"), .. data, .. "\r\n"u8];
}
