using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace GenAuth.Hexagonal.Security.Tests;

/// <summary>
/// docs/security.md, "the application's own wechat-api client": WeChat takes the token only in the query, so with
/// <c>System.Net.Http.DisableUriRedaction</c> on (this whole suite runs with it, see the project file) .NET's own
/// IHttpClientFactory logs and <c>url.full</c> trace tag show <c>?access_token=</c> for the application's client. What
/// the library promises, and this test holds it to: nothing the library itself logs or tags carries the token, and its
/// own secret-carrying clients log nothing through IHttpClientFactory.
/// </summary>
public sealed class UriRedactionTests
{
    private const string ClientName = "wechat-api";

    [Fact]
    public async Task UriRedactionDisabled_LibraryLogsAndTagsNeverCarryTheToken()
    {
        AppContext.TryGetSwitch("System.Net.Http.DisableUriRedaction", out var disabled).Should().BeTrue();
        disabled.Should().BeTrue("the suite runs with URI redaction off, the setting docs/security.md warns against");
        var tags = new ConcurrentQueue<(string Source, string Text)>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "GenAuth.Hexagonal" or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                foreach (var (key, value) in a.TagObjects)
                {
                    tags.Enqueue(("activity " + a.Source.Name, key + "=" + value));
                }
            },
        };
        ActivitySource.AddActivityListener(activities);
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name is "GenAuth.Hexagonal" or "System.Net.Http")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((i, _, t, _) => Record(tags, "metric " + i.Meter.Name, t));
        meters.SetMeasurementEventCallback<long>((i, _, t, _) => Record(tags, "metric " + i.Meter.Name, t));
        meters.Start();

        var tokenCalls = 0;
        await using var tokens = HostileServer.Start(e => e.WriteAsync(
            Raw.WechatToken(Interlocked.Increment(ref tokenCalls) == 1 ? Secrets.AccessToken : Secrets.OtherAccessToken)));
        await using var wechat = HostileServer.Start(
            e => e.WriteAsync(e.Request.Target.Contains(Secrets.AccessToken, StringComparison.Ordinal)
                ? Raw.Json("""{"errcode":40001,"errmsg":"invalid credential"}""")
                : Raw.Json("""{"errcode":0,"errmsg":"ok"}""")),
            tls: true);
        await using var stack = Stacks.Wechat(tokens.BaseAddress, more: services => services.AddHttpClient(ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => LoopbackRouting.Handler(new Dictionary<string, int> { ["api.weixin.qq.com"] = wechat.Port }))
            .AddWechatAccessToken("mini"));
        var client = stack.Services.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName);

        using var response = await client.PostAsync(new Uri("https://api.weixin.qq.com/cgi-bin/message/custom/send"), new StringContent("{}"));
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"errcode\":0", "a rejection, an invalidation, a fresh token and one retry happened");
        meters.RecordObservableInstruments();

        var logs = stack.LogTexts.ToList();
        logs.Where(l => l.Source.Contains("HttpClient." + ClientName, StringComparison.Ordinal) && l.Text?.Contains("access_token=" + Secrets.AccessToken, StringComparison.Ordinal) == true)
            .Should().NotBeEmpty("with redaction off, IHttpClientFactory's logs of the application's client show the token: that is what the switch does, and why the README warns against it");
        logs.Where(l => l.Source.StartsWith("log GenAuth", StringComparison.Ordinal))
            .Should().NotBeEmpty("the library logged the rejection").And
            .OnlyContain(l => l.Text == null || !l.Text.Contains("access_token=", StringComparison.OrdinalIgnoreCase), "no library log line carries a token in a query");
        Secrets.Leaks(logs.Where(l => l.Source.StartsWith("log GenAuth", StringComparison.Ordinal)))
            .Should().BeEmpty("no library log line carries a token or a secret");
        logs.Where(l => l.Source.Contains("HttpClient.GenAuth.Hexagonal", StringComparison.Ordinal))
            .Should().BeEmpty("the library's own clients carry secrets and log nothing through IHttpClientFactory");
        Secrets.Leaks(tags.Where(t => t.Source.Contains("GenAuth.Hexagonal", StringComparison.Ordinal)).Select(t => (t.Source, (string?)t.Text)))
            .Should().BeEmpty("no library metric or trace tag carries a token");
    }

    private static void Record(ConcurrentQueue<(string Source, string Text)> tags, string source, ReadOnlySpan<KeyValuePair<string, object?>> values)
    {
        foreach (var (key, value) in values)
        {
            tags.Enqueue((source, key + "=" + value));
        }
    }
}
