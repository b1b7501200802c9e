using GenAuth.Hexagonal.Cli;

namespace GenAuth.Hexagonal.Security.Tests;

/// <summary>
/// Finding 9: <c>genauth-wechat</c> never echoes what was typed by mistake. A secret passed as an argument
/// (<c>--app-secret X</c>, <c>--secret=X</c>, a stray positional value) is not printed, the error is one line that says
/// where secrets belong, and nothing is sent anywhere.
/// </summary>
public sealed class CliArgumentTests
{
    public static TheoryData<string[]> MistypedArguments => new()
    {
        new[] { "token", "--app-id", Secrets.AppId, "--app-secret", Secrets.AppSecret },
        new[] { "token", "--app-id", Secrets.AppId, "--app-secret=" + Secrets.AppSecret },
        new[] { "token", "--app-id", Secrets.AppId, Secrets.AppSecret },
        new[] { "token", "--app-id", Secrets.AppId, "--access-key-secret", Secrets.AccessKeySecret, "--json" },
        new[] { "token", "--app-id", Secrets.AppId, "--brand", Secrets.AppSecret },
        new[] { "token", "--app-id", Secrets.AppId, "--auth", Secrets.AccessKeySecret },
        new[] { Secrets.AppSecret },
        new[] { "token", Secrets.AppSecret },
    };

    [Theory]
    [MemberData(nameof(MistypedArguments))]
    public async Task SecretTypedAsAnArgument_NeverEchoedOneLineNothingSent(string[] mistyped)
    {
        await using var server = HostileServer.Answering(Raw.GenAuthToken(Secrets.AccessToken));
        var environment = new Dictionary<string, string?>
        {
            [CliEnvironment.AccessKeyId] = Secrets.AccessKeyId,
            [CliEnvironment.AccessKeySecret] = Secrets.AccessKeySecret,
            [CliEnvironment.AppSecret] = Secrets.AppSecret,
        };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        string[] args = mistyped[0] == "token" ? [.. mistyped, "--host", server.BaseAddress.ToString()] : mistyped;

        var exit = await GenAuthWechatCli.RunAsync(args, stdout, stderr, n => environment.GetValueOrDefault(n));

        exit.Should().Be(CliExitCodes.ConfigurationError);
        Secrets.Leaks([("stderr", stderr.ToString()), ("stdout", stdout.ToString())]).Should().BeEmpty("a value typed by mistake is never echoed");
        stderr.ToString().TrimEnd('\r', '\n').Should().NotContainAny(["\r", "\n"], "argument errors are one line")
            .And.StartWith("error: ");
        stdout.ToString().Should().BeEmpty();
        server.ConnectionCount.Should().Be(0, "nothing is sent when the arguments are wrong");
    }
}
