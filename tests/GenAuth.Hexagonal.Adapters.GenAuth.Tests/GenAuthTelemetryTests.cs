using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Tests;

/// <summary>The GenAuth source's own metrics and span per upstream fetch (issue 14), on the shared <c>GenAuth.Hexagonal</c> meter.</summary>
public class GenAuthTelemetryTests
{
    private static GenAuthTestHost CreateHost(Action<GenAuthOptions>? configure = null) =>
        GenAuthTestHost.Create(configure, more: s => s.AddMetrics());

    private static MetricCollector<T> Collect<T>(GenAuthTestHost host, string instrument)
        where T : struct =>
        new(host.Services.GetRequiredService<IMeterFactory>(), WechatTokenDiagnostics.MeterName, instrument);

    [Fact]
    public async Task GetAccessTokenAsync_Success_OneFetchCountedAndTimedWithSourceKindAndStatus()
    {
        await using var host = CreateHost();
        using var fetches = Collect<long>(host, WechatTokenDiagnostics.SourceFetchesInstrumentName);
        using var durations = Collect<double>(host, WechatTokenDiagnostics.SourceFetchDurationInstrumentName);
        host.Stub.EnqueueJson(TestData.TokenBody(now: host.Time.GetUtcNow()));

        await host.GetAsync();

        var fetch = fetches.GetMeasurementSnapshot().Should().ContainSingle().Which;
        fetch.Value.Should().Be(1);
        fetch.Tags.Should().Contain(WechatTokenDiagnostics.SourceTagName, "GenAuth")
            .And.Contain(WechatTokenDiagnostics.TokenKindTagName, "genauth")
            .And.Contain(WechatTokenDiagnostics.HttpStatusCodeTagName, 200)
            .And.NotContainKey(WechatTokenDiagnostics.ErrorTypeTagName)
            .And.NotContainKey(WechatTokenDiagnostics.AppIdTagName);
        durations.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task GetAccessTokenAsync_BusinessError_TaggedWithErrorTypeStatusAndApiCode()
    {
        await using var host = CreateHost();
        using var fetches = Collect<long>(host, WechatTokenDiagnostics.SourceFetchesInstrumentName);
        host.Stub.EnqueueJson($$"""{"statusCode":400,"apiCode":400003,"message":"no {{TestData.AppSecret}}","requestId":"req-1"}""");

        await host.FailAsync();

        var tags = fetches.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags;
        tags.Should().Contain(WechatTokenDiagnostics.ErrorTypeTagName, "UpstreamError")
            .And.Contain(WechatTokenDiagnostics.HttpStatusCodeTagName, 200)
            .And.Contain(WechatTokenDiagnostics.ApiCodeTagName, 400003);
        tags.Values.Select(v => v?.ToString()).Should().NotContain(v => v != null && TestData.Secrets.Any(v.Contains));
    }

    [Fact]
    public async Task GetAccessTokenAsync_HttpError_TaggedWithTheStatus()
    {
        await using var host = CreateHost(o => o.MaxRetryAttempts = 0);
        using var fetches = Collect<long>(host, WechatTokenDiagnostics.SourceFetchesInstrumentName);
        host.Stub.Enqueue(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "text/html");

        await host.FailAsync();

        fetches.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags.Should()
            .Contain(WechatTokenDiagnostics.ErrorTypeTagName, "HttpError")
            .And.Contain(WechatTokenDiagnostics.HttpStatusCodeTagName, 502);
    }

    [Fact]
    public async Task IncludeAppIdInTelemetry_On_AppIdOnMeasurementsAndSpan()
    {
        const string AppId = "wx0000telemetrygen1";
        await using var host = CreateHost(o => o.IncludeAppIdInTelemetry = true);
        using var fetches = Collect<long>(host, WechatTokenDiagnostics.SourceFetchesInstrumentName);
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == WechatTokenDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.OperationName == WechatTokenDiagnostics.SourceFetchActivityName && Equals(a.GetTagItem(WechatTokenDiagnostics.AppIdTagName), AppId))
                {
                    lock (spans)
                    {
                        spans.Add(a);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        host.Stub.EnqueueJson("""{"statusCode":500,"apiCode":500001,"message":"busy","requestId":"req-2"}""");

        var act = async () => await host.Provider.GetAccessTokenAsync(new WechatAppCredentials(AppId, TestData.AppSecret));
        await act.Should().ThrowAsync<WechatTokenException>();

        fetches.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags.Should().Contain(WechatTokenDiagnostics.AppIdTagName, AppId);
        var span = spans.Should().ContainSingle().Which;
        span.Status.Should().Be(ActivityStatusCode.Error);
        span.GetTagItem(WechatTokenDiagnostics.SourceTagName).Should().Be("GenAuth");
        span.GetTagItem(WechatTokenDiagnostics.ErrorTypeTagName).Should().Be("UpstreamError");
        span.GetTagItem(WechatTokenDiagnostics.ApiCodeTagName).Should().Be(500001);
    }

    [Fact]
    public async Task ManagementToken_FetchCountedOnItsOwnInstrument()
    {
        await using var host = CreateHost(o => o.Auth = GenAuthAuthentication.ManagementToken);
        using var managementFetches = Collect<long>(host, WechatTokenDiagnostics.ManagementTokenFetchesInstrumentName);
        host.Stub.Default = (request, _) => Task.FromResult(StubHttpMessageHandler.Response(
            HttpStatusCode.OK,
            request.RequestUri!.AbsolutePath == GenAuthDefaults.ManagementTokenEndpoint
                ? TestData.ManagementTokenBody(TestData.Jwt(TestData.UserPoolId))
                : TestData.TokenBody(now: host.Time.GetUtcNow())));

        await host.GetAsync();
        await host.GetAsync();

        managementFetches.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags.Should()
            .Contain(WechatTokenDiagnostics.HttpStatusCodeTagName, 200)
            .And.NotContainKey(WechatTokenDiagnostics.ErrorTypeTagName);
    }
}
