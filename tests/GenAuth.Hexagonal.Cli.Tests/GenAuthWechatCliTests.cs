using System.Diagnostics;
using System.Text.Json;
using GenAuth.Hexagonal.Cli;
using GenAuth.Hexagonal.Testing;

namespace GenAuth.Hexagonal.Cli.Tests;

public sealed partial class GenAuthWechatCliTests : IAsyncLifetime
{
    private WechatTokenEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await WechatTokenEmulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    private static Dictionary<string, string?> Env() => new()
    {
        [CliEnvironment.AccessKeyId] = WechatTokenEmulator.DefaultAccessKeyId,
        [CliEnvironment.AccessKeySecret] = WechatTokenEmulator.DefaultAccessKeySecret,
        [CliEnvironment.AppSecret] = WechatTokenEmulator.DefaultAppSecret,
    };

    private static readonly string[] Secrets =
        [WechatTokenEmulator.DefaultAccessKeySecret, WechatTokenEmulator.DefaultAppSecret];

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(Dictionary<string, string?> environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await GenAuthWechatCli.RunAsync(args, stdout, stderr, name => environment.GetValueOrDefault(name));
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    private string[] TokenArgs(params string[] extra) =>
        ["token", "--app-id", WechatTokenEmulator.DefaultAppId, "--host", _emulator.BaseAddress.ToString(), .. extra];

    [Fact]
    public async Task Token_Json_PrintsExactlyOneObjectWithTheToken()
    {
        var (exitCode, stdout, stderr) = await RunAsync(Env(), TokenArgs("--json"));

        exitCode.Should().Be(CliExitCodes.Success, stderr);
        stderr.Should().BeEmpty();
        using var document = JsonDocument.Parse(stdout);
        var root = document.RootElement;
        root.EnumerateObject().Select(p => p.Name).Should().Equal("appId", "accessToken", "expiresAt");
        root.GetProperty("appId").GetString().Should().Be(WechatTokenEmulator.DefaultAppId);
        root.GetProperty("accessToken").GetString().Should().NotBeNullOrWhiteSpace();
        root.GetProperty("expiresAt").ValueKind.Should().Be(JsonValueKind.Number);
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("expiresAt").GetInt64());
        expiresAt.Should().BeCloseTo(DateTimeOffset.UtcNow.AddHours(2), TimeSpan.FromMinutes(5));
        stdout.Trim().Split('\n').Should().HaveCount(1);
        _emulator.RequestCount("/api/v3/get-weixin-access-token").Should().Be(1);
    }

    [Fact]
    public async Task Token_Readable_PrintsTokenAndExpiry()
    {
        var (exitCode, stdout, _) = await RunAsync(Env(), TokenArgs());

        exitCode.Should().Be(CliExitCodes.Success);
        stdout.Should().Contain(WechatTokenEmulator.DefaultAppId).And.Contain("expires");
        stdout.Split('\t')[0].Should().NotBeNullOrWhiteSpace().And.NotContain(" ");
    }

    [Theory]
    [InlineData("authing", "signature")]
    [InlineData("genauth", "management-token")]
    [InlineData("authing", "management-token")]
    public async Task Token_OtherBrandsAndSchemes_Succeed(string brand, string auth)
    {
        var (exitCode, stdout, stderr) = await RunAsync(Env(), TokenArgs("--brand", brand, "--auth", auth, "--json"));

        exitCode.Should().Be(CliExitCodes.Success, stderr);
        JsonDocument.Parse(stdout).RootElement.GetProperty("appId").GetString().Should().Be(WechatTokenEmulator.DefaultAppId);
    }

    [Fact]
    public async Task Token_OtherEndpoint_IsUsed()
    {
        var (exitCode, _, stderr) = await RunAsync(Env(), TokenArgs("--endpoint", "/api/v3/get-wechat-access-token-info"));

        exitCode.Should().Be(CliExitCodes.Success, stderr);
        _emulator.RequestCount("/api/v3/get-wechat-access-token-info").Should().Be(1);
    }

    [Theory]
    [InlineData(CliEnvironment.AccessKeyId)]
    [InlineData(CliEnvironment.AccessKeySecret)]
    [InlineData(CliEnvironment.AppSecret)]
    public async Task Token_MissingEnvironmentVariable_NamesItAndExits2(string variable)
    {
        var environment = Env();
        environment.Remove(variable);

        var (exitCode, stdout, stderr) = await RunAsync(environment, TokenArgs());

        exitCode.Should().Be(CliExitCodes.ConfigurationError);
        stdout.Should().BeEmpty();
        stderr.Should().Contain(variable).And.StartWith("error:");
        stderr.TrimEnd().Split('\n').Should().HaveCount(1);
        _emulator.TotalRequestCount.Should().Be(0);
    }

    [Fact]
    public async Task Token_WrongAppSecret_ExitsNonZeroWithOneLineWithoutSecrets()
    {
        var environment = Env();
        environment[CliEnvironment.AppSecret] = "fake-wrong-app-secret-for-tests";

        var (exitCode, stdout, stderr) = await RunAsync(environment, TokenArgs());

        exitCode.Should().Be(CliExitCodes.UpstreamFailure);
        stdout.Should().BeEmpty();
        stderr.Should().StartWith("error:");
        stderr.TrimEnd().Split('\n').Should().HaveCount(1);
        stderr.Should().NotContain("fake-wrong-app-secret-for-tests");
        foreach (var secret in Secrets)
        {
            stderr.Should().NotContain(secret);
        }
    }

    [Fact]
    public async Task Token_WrongAccessKeySecret_ExitsNonZeroWithoutSecrets()
    {
        var environment = Env();
        environment[CliEnvironment.AccessKeySecret] = "fake-wrong-access-key-secret";

        var (exitCode, _, stderr) = await RunAsync(environment, TokenArgs());

        exitCode.Should().Be(CliExitCodes.UpstreamFailure);
        stderr.Should().StartWith("error:").And.NotContain("fake-wrong-access-key-secret").And.NotContain(WechatTokenEmulator.DefaultAppSecret);
    }

    [Fact]
    public async Task Token_SecretWithTrailingNewline_SaysToTrimWithoutEchoingIt()
    {
        var environment = Env();
        environment[CliEnvironment.AppSecret] = WechatTokenEmulator.DefaultAppSecret + "\n";

        var (exitCode, _, stderr) = await RunAsync(environment, TokenArgs());

        exitCode.Should().Be(CliExitCodes.ConfigurationError);
        stderr.Should().Contain(CliEnvironment.AppSecret).And.Contain("trim").And.NotContain(WechatTokenEmulator.DefaultAppSecret);
    }

    [Fact]
    public async Task Token_PlainHttpToARemoteHost_IsAConfigurationError()
    {
        var (exitCode, _, stderr) = await RunAsync(Env(), "token", "--app-id", WechatTokenEmulator.DefaultAppId, "--host", "http://example.com");

        exitCode.Should().Be(CliExitCodes.ConfigurationError);
        stderr.Should().Contain("Host").And.Contain("https");
        stderr.TrimEnd().Split('\n').Should().HaveCount(1);
    }

    [Fact]
    public async Task Token_UpstreamKeepsFailingWith503_IsTransientFailure()
    {
        _emulator.InjectFault(EmulatorFault.HttpStatus(503, "<html><body>Service Unavailable</body></html>"), times: 100);

        var (exitCode, stdout, stderr) = await RunAsync(Env(), TokenArgs());

        exitCode.Should().Be(CliExitCodes.TransientFailure);
        stdout.Should().BeEmpty();
        stderr.Should().Contain("503").And.Contain("Retrying later may help");
    }

    [Fact]
    public async Task Token_ConnectionRefused_IsTransientFailure()
    {
        var closedPort = $"http://127.0.0.1:{ClosedPort()}/";

        var (exitCode, _, stderr) = await RunAsync(Env(), "token", "--app-id", WechatTokenEmulator.DefaultAppId, "--host", closedPort);

        exitCode.Should().Be(CliExitCodes.TransientFailure, stderr);
        stderr.Should().StartWith("error:");
    }

    [Fact]
    public async Task Token_UnknownBrand_IsRejectedByTheParser()
    {
        var (exitCode, stdout, stderr) = await RunAsync(Env(), TokenArgs("--brand", "acme"));

        exitCode.Should().Be(CliExitCodes.ConfigurationError);
        stdout.Should().BeEmpty();
        stderr.Should().StartWith("error: ").And.Contain("--brand").And.Contain("genauth").And.Contain("authing")
            .And.NotContain("acme", "a typed value is never repeated: it may be a secret passed by mistake");
        stderr.TrimEnd().Split('\n').Should().HaveCount(1);
        _emulator.TotalRequestCount.Should().Be(0);
    }

    [Fact]
    public async Task Demo_RunsTheWholeStack_OneUpstreamCallForTheStampede()
    {
        var (exitCode, stdout, stderr) = await RunAsync([], "demo");

        exitCode.Should().Be(CliExitCodes.Success, stderr);
        stdout.Should().Contain("cold fetch").And.Contain("cached hit").And.Contain("1 upstream call for 1,000 callers")
            .And.Contain("(redacted");
        stdout.Should().NotContain(WechatTokenEmulator.DefaultAppSecret).And.NotContain(WechatTokenEmulator.DefaultAccessKeySecret);
    }

    [Fact]
    public async Task Demo_WithInstances_SharesOneTokenThroughRedisAndSpreadsARejection()
    {
        // .ci/run installs redis-server; the demo starts its own on a free loopback port.
        var (exitCode, stdout, stderr) = await RunAsync([], "demo", "--instances", "3");

        exitCode.Should().Be(CliExitCodes.Success, stderr);
        stdout.Should().Contain("1 upstream call for 3 instances x 250 callers, 1 token")
            .And.Contain("the token is not readable in Redis")
            .And.Contain("3 of 3 instances serve the new token")
            .And.Contain("after 1 upstream call");
        stdout.Should().NotContain("demo-app-secret-not-real").And.NotContain(WechatTokenEmulator.DefaultAccessKeySecret);
    }

    [Fact]
    public async Task Demo_InstancesOutOfRange_ArgumentErrorOnOneLine()
    {
        var (exitCode, stdout, stderr) = await RunAsync([], "demo", "--instances", "1000");

        exitCode.Should().Be(CliExitCodes.ConfigurationError);
        stdout.Should().BeEmpty();
        stderr.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().Contain("--instances must be between 0 and 64");
    }

    [Fact]
    public async Task Process_TokenJson_ReadsSecretsFromTheEnv()
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "GenAuth.Hexagonal.Cli.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["exec", cli, .. TokenArgs("--json")])
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in Env())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        process.ExitCode.Should().Be(0, await stderr);
        JsonDocument.Parse(await stdout).RootElement.GetProperty("accessToken").GetString().Should().NotBeNullOrEmpty();
    }

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
