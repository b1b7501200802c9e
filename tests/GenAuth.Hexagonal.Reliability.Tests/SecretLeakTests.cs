using GenAuth.Hexagonal.Adapters.GenAuth;
using GenAuth.Hexagonal.Adapters.Wechat;
using GenAuth.Hexagonal.Cli;
using GenAuth.Hexagonal.Reliability.Tests.Infrastructure;
using GenAuth.Hexagonal.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit.Abstractions;

namespace GenAuth.Hexagonal.Reliability.Tests;

/// <summary>
/// The secret-leak scan: fixed scenarios over every public entry point and every failure kind, logging at Trace,
/// collecting log lines, exception messages and ToString() (inner exceptions included), metric tags, trace tags,
/// CLI stderr, cache keys and health reports. No app secret, access key secret or whole access token may appear.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class SecretLeakTests(ITestOutputHelper output)
{
    private const string GenAuthPath = GenAuthDefaults.WeixinAccessTokenEndpoint;
    private static readonly string Echo = $"echo {TestSecrets.AppSecret} {TestSecrets.AccessKeySecret} https://api.weixin.qq.com/cgi-bin/token?secret={TestSecrets.AppSecret}";

    // The WeChat source holds no access key secret: WeChat can only echo what it was sent.
    private static readonly string WechatEcho = $"echo {TestSecrets.AppSecret} https://api.weixin.qq.com/cgi-bin/token?secret={TestSecrets.AppSecret}&appid={TestSecrets.AppId}";

    [Fact]
    public async Task EveryEntryPointAndFailureKind_NoSecretOrWholeTokenAnywhere()
    {
        await using var emulator = TestSecrets.Register(await WechatTokenEmulator.StartAsync());
        using var scan = new LeakScanner();
        var scenarios = 0;

        async Task Run(string name, Stack stack, EmulatorFault? fault, string path, int times = 1)
        {
            scenarios++;
            emulator.ClearFaults();
            if (fault is not null)
            {
                emulator.InjectFault(fault, times, path);
            }

            try
            {
                var token = await stack.GetAsync();
                scan.KnowToken(token.Value);
                scan.Add(name + " token.ToString", token.ToString());
                scan.Add(name + " token.RedactedValue", token.RedactedValue);
            }
            catch (Exception ex)
            {
                scan.AddException(name + " exception", ex);
            }

            scan.AddAll(name + " logs", stack.LogTexts());
        }

        // GenAuth, AK/SK signature, behind the cache: success and every failure kind.
        await using (var genAuth = Stack.GenAuth(emulator, o => o.Timeout = TimeSpan.FromMilliseconds(300)))
        {
            await Run("genauth success", genAuth, null, GenAuthPath);
        }

        var genAuthFaults = new (string Name, EmulatorFault Fault)[]
        {
            ("business error echoing secrets", EmulatorFault.GenAuthError(400, 400003, Echo)),
            ("business 500 echoing secrets", EmulatorFault.GenAuthError(500, 500001, Echo)),
            ("http 502 page echoing secrets", EmulatorFault.HttpStatus(502, $"<html>{Echo}</html>")),
            ("http 401 json echoing secrets", EmulatorFault.HttpStatus(401, $$"""{"statusCode":401,"message":"{{Echo}}","requestId":"req-401"}""", "application/json")),
            ("html 200", EmulatorFault.Body($"<html>{Echo}</html>", "text/html")),
            ("malformed json", EmulatorFault.Body($$"""{"statusCode":200,"message":"{{Echo}}","data":{"accessToken":"{{TestSecrets.AppSecret}}""")),
            ("token is the secret with a space", EmulatorFault.Body($$$"""{"statusCode":200,"data":{"accessToken":"{{{TestSecrets.AppSecret}}} x","expiresAt":4102444800}}""")),
            ("expired token", EmulatorFault.Body("""{"statusCode":200,"data":{"accessToken":"81_expired_whole_token_value_0001","expiresAt":1000}}""")),
            ("10 MB body", EmulatorFault.LargeBody()),
            ("dropped connection", EmulatorFault.DropConnection()),
            ("timeout", EmulatorFault.Latency(TimeSpan.FromSeconds(3))),
        };
        scan.KnowToken("81_expired_whole_token_value_0001");
        foreach (var (name, fault) in genAuthFaults)
        {
            await using var stack = Stack.GenAuth(emulator, o => o.Timeout = TimeSpan.FromMilliseconds(300));
            await Run("genauth " + name, stack, fault, GenAuthPath);
        }

        // GenAuth with management tokens, Authing brand: success, and a wrong access key secret.
        await using (var management = Stack.GenAuth(emulator, o => { o.Auth = GenAuthAuthentication.ManagementToken; o.Brand = GenAuthBrand.Authing; }))
        {
            await Run("management-token success", management, null, GenAuthPath);
            await Run("management-token business error", management, EmulatorFault.GenAuthError(403, 403001, Echo), GenAuthPath);
        }

        await using (var wrongKey = Stack.GenAuth(emulator, o => { o.Auth = GenAuthAuthentication.ManagementToken; o.AccessKeySecret = TestSecrets.OtherAppSecret; }))
        {
            await Run("management-token wrong key", wrongKey, null, GenAuthPath);
        }

        // WeChat stable_token and the opt-in /cgi-bin/token (the secret travels in the query string).
        foreach (var endpoint in new[] { WechatApiEndpoint.StableToken, WechatApiEndpoint.Token })
        {
            var path = endpoint == WechatApiEndpoint.Token ? "/cgi-bin/token" : "/cgi-bin/stable_token";
            var faults = new EmulatorFault?[]
            {
                null,
                EmulatorFault.WechatError(40125, WechatEcho),
                EmulatorFault.WechatError(-1, WechatEcho),
                EmulatorFault.HttpStatus(500, $"<html>{WechatEcho}</html>"),
                EmulatorFault.Body($"<html>{WechatEcho}</html>", "text/html"),
                EmulatorFault.Body($$"""{"access_token":"{{TestSecrets.AppSecret}} x","expires_in":7200}"""),
                EmulatorFault.DropConnection(),
                EmulatorFault.Latency(TimeSpan.FromSeconds(3)),
            };
            foreach (var fault in faults)
            {
                await using var stack = Stack.Wechat(emulator, o => { o.Endpoint = endpoint; o.Timeout = TimeSpan.FromMilliseconds(400); });
                await Run($"wechat {endpoint} {fault?.GetType().Name ?? "success"}", stack, fault, path, times: 3);
            }
        }

        await ScanAccessTokenHandlerAsync(emulator, scan);
        scenarios++;
        await ScanSourceTelemetryAsync(emulator, scan);
        scenarios += 6;
        await ScanCliAsync(emulator, scan);
        scenarios += 7;
        await ScanHealthAndKeysAsync(emulator, scan);
        scenarios++;
        ScanConfigurationErrors(scan);
        scenarios++;

        foreach (var appId in new[] { TestSecrets.AppId, WechatTokenEmulator.DefaultAppId })
        {
            scan.KnowToken(emulator.CurrentWechatToken(appId));
        }

        var leaks = scan.Leaks();
        ReliabilityFigures.LeakScan(scenarios, scan.Count, leaks.Count);
        output.WriteLine($"{scenarios} scenarios, {scan.Count} strings scanned, {scan.Tokens.Count()} tokens known, {leaks.Count} leaks");
        foreach (var leak in leaks.Take(50))
        {
            output.WriteLine(leak);
        }

        scan.Count.Should().BeGreaterThan(500, "the scan must actually collect output");
        scan.CountFrom("metric " + WechatTokenDiagnostics.SourceFetchesInstrumentName).Should().BeGreaterThan(0, "the sources' own metric tags are scanned");
        scan.CountFrom("metric " + WechatTokenDiagnostics.SourceForcedRefreshesInstrumentName).Should().BeGreaterThan(0, "the forced-refresh counter's tags are scanned");
        scan.CountFrom("metric " + WechatTokenDiagnostics.ManagementTokenFetchesInstrumentName).Should().BeGreaterThan(0);
        scan.CountFrom("activity " + WechatTokenDiagnostics.SourceFetchActivityName).Should().BeGreaterThan(0, "the sources' spans are scanned");
        scan.Tokens.Count().Should().BeGreaterThan(3, "the scan must know whole tokens to look for");
        leaks.Should().BeEmpty();
    }

    private static async Task ScanAccessTokenHandlerAsync(WechatTokenEmulator emulator, LeakScanner scan)
    {
        emulator.ClearFaults();
        await using var stack = Stack.GenAuth(emulator, more: services =>
            services.AddHttpClient("wechat-api", c => c.BaseAddress = emulator.BaseAddress)
                .AddWechatAccessToken("mini", o => o.AllowedHosts.Add(emulator.BaseAddress.Host)));
        var client = stack.Services.GetRequiredService<IHttpClientFactory>().CreateClient("wechat-api");
        using (var first = await client.PostAsync(new Uri("cgi-bin/message/custom/send", UriKind.Relative), new StringContent("{\"touser\":\"o1\"}")))
        {
            first.EnsureSuccessStatusCode();
            (await first.Content.ReadAsStringAsync()).Should().Contain("\"errcode\":0", "the handler attached the token (the emulator's host is listed)");
        }

        scan.KnowToken(emulator.CurrentWechatToken(TestSecrets.AppId));
        emulator.InvalidateWechatTokens(TestSecrets.AppId); // the next call gets 40001, invalidates, refetches, retries once
        using (var second = await client.PostAsync(new Uri("cgi-bin/message/custom/send", UriKind.Relative), new StringContent("{\"touser\":\"o1\"}")))
        {
            var answer = await second.Content.ReadAsStringAsync();
            answer.Should().Contain("\"errcode\":0", "the rejected token was replaced and the request retried once");
            scan.Add("handler response", answer);
        }

        scan.KnowToken(emulator.CurrentWechatToken(TestSecrets.AppId));
        scan.AddAll("handler logs", stack.LogTexts());
    }

    /// <summary>
    /// The sources' own metrics and spans (issue 14) with the app id opted in, on success, on failures whose upstream text
    /// echoes the secrets, on a management-token failure and on a forced refresh after a rejection.
    /// </summary>
    private static async Task ScanSourceTelemetryAsync(WechatTokenEmulator emulator, LeakScanner scan)
    {
        emulator.ClearFaults();
        await using (var genAuth = Stack.GenAuth(emulator, o => { o.IncludeAppIdInTelemetry = true; o.Auth = GenAuthAuthentication.ManagementToken; }, caching: false))
        {
            scan.KnowToken((await genAuth.GetAsync()).Value);
            emulator.InjectFault(EmulatorFault.GenAuthError(400, 400003, Echo), 1, GenAuthPath);
            await Expect(genAuth.GetAsync(), "telemetry genauth business error", scan);
            scan.AddAll("telemetry genauth logs", genAuth.LogTexts());
        }

        emulator.InjectFault(EmulatorFault.HttpStatus(503, $"<html>{Echo}</html>"), 1, "/api/v3/get-management-token");
        await using (var management = Stack.GenAuth(emulator, o => { o.IncludeAppIdInTelemetry = true; o.Auth = GenAuthAuthentication.ManagementToken; }, caching: false))
        {
            await Expect(management.GetAsync(), "telemetry management-token outage", scan);
            scan.AddAll("telemetry management-token logs", management.LogTexts());
        }

        emulator.ClearFaults();
        await using (var wechat = Stack.Wechat(emulator, o => o.IncludeAppIdInTelemetry = true, caching: false))
        {
            var token = await wechat.GetAsync();
            scan.KnowToken(token.Value);
            var forced = await ((IWechatTokenRefresher)wechat.Provider).RefreshAsync(TestSecrets.Credentials, token); // normal mode hands back the same token: forced
            scan.KnowToken(forced.Value);
            await ((IWechatTokenRefresher)wechat.Provider).RefreshAsync(TestSecrets.Credentials, forced); // within 30 s: not forced
            emulator.InjectFault(EmulatorFault.WechatError(40125, WechatEcho), 1, "/cgi-bin/stable_token");
            await Expect(wechat.GetAsync(), "telemetry wechat 40125", scan);
            scan.AddAll("telemetry wechat logs", wechat.LogTexts());
        }

        emulator.ClearFaults();

        static async Task Expect(ValueTask<WechatAccessToken> fetch, string name, LeakScanner scan)
        {
            try
            {
                await fetch;
                throw new Xunit.Sdk.XunitException($"{name}: expected a failure.");
            }
            catch (WechatTokenException ex)
            {
                scan.AddException(name, ex);
            }
        }
    }

    private static async Task ScanCliAsync(WechatTokenEmulator emulator, LeakScanner scan)
    {
        var host = emulator.BaseAddress.ToString();
        async Task Cli(string name, Dictionary<string, string?> environment, params string[] args)
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            await GenAuthWechatCli.RunAsync(args, stdout, stderr, n => environment.GetValueOrDefault(n));
            scan.Add("cli stderr " + name, stderr.ToString());
            var printed = stdout.ToString();
            if (printed.Contains("81_", StringComparison.Ordinal))
            {
                scan.KnowToken(emulator.CurrentWechatToken(TestSecrets.AppId)); // stdout is the one place a whole token may go
            }
            else
            {
                scan.Add("cli stdout " + name, printed);
            }
        }

        var env = new Dictionary<string, string?>
        {
            [CliEnvironment.AccessKeyId] = TestSecrets.AccessKeyId,
            [CliEnvironment.AccessKeySecret] = TestSecrets.AccessKeySecret,
            [CliEnvironment.AppSecret] = TestSecrets.AppSecret,
        };
        emulator.ClearFaults();
        await Cli("success", env, "token", "--app-id", TestSecrets.AppId, "--host", host, "--json", "--verbose");
        await Cli("wrong app secret", new(env) { [CliEnvironment.AppSecret] = TestSecrets.OtherAppSecret }, "token", "--app-id", TestSecrets.AppId, "--host", host, "--verbose");
        await Cli("secret with newline", new(env) { [CliEnvironment.AppSecret] = TestSecrets.AppSecret + "\n" }, "token", "--app-id", TestSecrets.AppId, "--host", host);
        await Cli("access key secret with newline", new(env) { [CliEnvironment.AccessKeySecret] = TestSecrets.AccessKeySecret + "\n" }, "token", "--app-id", TestSecrets.AppId, "--host", host);
        emulator.InjectFault(EmulatorFault.GenAuthError(400, 400003, Echo), 1, GenAuthPath);
        await Cli("business error echoing secrets", env, "token", "--app-id", TestSecrets.AppId, "--host", host, "--verbose");
        emulator.ClearFaults();
        await Cli("source wechat", env, "token", "--source", "wechat", "--app-id", TestSecrets.AppId, "--host", host, "--json", "--verbose");
        emulator.InjectFault(EmulatorFault.WechatError(40125, WechatEcho), 1, "/cgi-bin/stable_token");
        await Cli("source wechat errcode echoing the secret", env, "token", "--source", "wechat", "--app-id", TestSecrets.AppId, "--host", host, "--verbose");
        emulator.ClearFaults();
    }

    private static async Task ScanHealthAndKeysAsync(WechatTokenEmulator emulator, LeakScanner scan)
    {
        emulator.ClearFaults();
        await using var stack = Stack.GenAuth(emulator);
        var good = await stack.GetAsync();
        scan.KnowToken(good.Value);
        // GenAuth can only echo what it was sent: this call's app secret and the access key secret.
        emulator.InjectFault(EmulatorFault.GenAuthError(400, 400003, $"echo {WechatTokenEmulator.DefaultAppSecret} {TestSecrets.AccessKeySecret}"), 1, GenAuthPath);
        var other = new WechatAppCredentials(WechatTokenEmulator.DefaultAppId, WechatTokenEmulator.DefaultAppSecret);
        try
        {
            await stack.GetAsync(other);
        }
        catch (WechatTokenException ex)
        {
            scan.AddException("health failure", ex);
        }

        var report = await stack.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        foreach (var (name, entry) in report.Entries)
        {
            scan.Add("health " + name, entry.Description);
            scan.AddException("health " + name, entry.Exception);
            foreach (var (key, value) in entry.Data)
            {
                scan.Add("health " + name, key + "=" + value);
            }
        }

        foreach (var credentials in new[] { TestSecrets.Credentials, other, new WechatAppCredentials(TestSecrets.AppId, TestSecrets.OtherAppSecret) })
        {
            scan.Add("credentials", credentials.ToString());
            scan.Add("cache key", credentials.Key.ToString());
            scan.Add("cache key fingerprint", credentials.Key.Fingerprint);
        }

        scan.AddAll("health logs", stack.LogTexts());
    }

    private static void ScanConfigurationErrors(LeakScanner scan)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GenAuth:Host"] = $"https://user:{TestSecrets.AccessKeySecret}@127.0.0.1/?k={TestSecrets.AccessKeySecret}",
            ["GenAuth:AccessKeyId"] = TestSecrets.AccessKeyId,
            ["GenAuth:AccessKeySecret"] = TestSecrets.AccessKeySecret + "\n",
            ["Wechat:Apps:mini:AppId"] = TestSecrets.AppId,
            ["Wechat:Apps:mini:AppSecret"] = TestSecrets.AppSecret + "\u0007",
        }).Build();
        var services = Stack.NewServices();
        services.AddWechatTokenProvider(configuration.GetSection("Wechat")).UseGenAuth(configuration.GetSection("GenAuth")).AddCaching();
        try
        {
            Stack.Build(services);
        }
        catch (Exception ex)
        {
            scan.AddException("configuration", ex);
        }
    }

    [Fact]
    public async Task GenAuthErrorAnswer_RequestIdEchoingSecrets_RequestIdScrubbedInExceptionAndLogs()
    {
        await using var emulator = TestSecrets.Register(await WechatTokenEmulator.StartAsync());
        var cases = new[]
        {
            EmulatorFault.HttpStatus(401, $$"""{"statusCode":401,"message":"denied","requestId":"{{TestSecrets.AppSecret}}"}""", "application/json"),
            EmulatorFault.GenAuthError(400, 400003, "refused"), // control: the emulator's own request id
            EmulatorFault.Body($$"""{"statusCode":403,"message":"denied","requestId":"req {{TestSecrets.AccessKeySecret}}"}"""),
        };
        var leaks = new List<string>();
        foreach (var fault in cases)
        {
            await using var stack = Stack.GenAuth(emulator);
            emulator.ClearFaults();
            emulator.InjectFault(fault, 1, GenAuthPath);
            var act = async () => await stack.GetAsync();
            var failure = (await act.Should().ThrowAsync<WechatTokenException>()).Which;
            failure.RequestId.Should().NotBeNullOrEmpty("the request id is still reported");
            using var scan = new LeakScanner();
            scan.AddException("exception", failure);
            scan.Add("RequestId property", failure.RequestId);
            scan.AddAll("logs", stack.LogTexts());
            leaks.AddRange(scan.Leaks());
        }

        leaks.Should().BeEmpty("GenAuth's requestId is upstream text like its message and must be scrubbed the same way");
    }
}
