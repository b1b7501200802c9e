using System.CommandLine;
using GenAuth.Hexagonal.Adapters.GenAuth;
using GenAuth.Hexagonal.Cli.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Cli;

/// <summary><c>genauth-wechat token</c>: gets a WeChat access token through GenAuth and prints it.</summary>
internal static class TokenCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, Func<string, string?> getEnvironmentVariable)
    {
        var appId = new Option<string>("--app-id")
        {
            Description = $"The WeChat app id. Its secret is read from {CliEnvironment.AppSecret}.",
            Required = true,
        };
        var host = new Option<string?>("--host")
        {
            Description = "The GenAuth host (default: https://api.genauth.ai, or https://api.authing.cn for --brand authing).",
        };
        var brand = new Option<GenAuthBrand>("--brand")
        {
            Description = "genauth (x-genauth-* headers) or authing (x-authing-* headers).",
            DefaultValueFactory = _ => GenAuthBrand.GenAuth,
            CustomParser = r => CliParsing.ParseEnum<GenAuthBrand>(r, "genauth", "authing"),
        };
        brand.AcceptOnlyFromAmong("genauth", "authing");
        var auth = new Option<GenAuthAuthentication>("--auth")
        {
            Description = "signature (AK/SK request signing) or management-token.",
            DefaultValueFactory = _ => GenAuthAuthentication.Signature,
            CustomParser = r => CliParsing.ParseEnum<GenAuthAuthentication>(r, "signature", "management-token"),
        };
        auth.AcceptOnlyFromAmong("signature", "management-token");
        var endpoint = new Option<string?>("--endpoint")
        {
            Description = "The token path (default /api/v3/get-weixin-access-token).",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print exactly one JSON object: {\"appId\", \"accessToken\", \"expiresAt\"}.",
        };
        var verbose = new Option<bool>("--verbose")
        {
            Description = "Also print the library's warnings and information on stderr (never secrets or tokens).",
        };

        var command = new Command("token", "Get the WeChat access token that the GenAuth server caches for an app, and print it.")
        {
            appId, host, brand, auth, endpoint, json, verbose,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            new TokenRequest(
                parseResult.GetValue(appId)!,
                parseResult.GetValue(host),
                parseResult.GetValue(brand),
                parseResult.GetValue(auth),
                parseResult.GetValue(endpoint),
                parseResult.GetValue(json),
                parseResult.GetValue(verbose)),
            stdout,
            stderr,
            getEnvironmentVariable,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        TokenRequest request,
        TextWriter stdout,
        TextWriter stderr,
        Func<string, string?> getEnvironmentVariable,
        CancellationToken cancellationToken)
    {
        var accessKeyId = getEnvironmentVariable(CliEnvironment.AccessKeyId);
        var accessKeySecret = getEnvironmentVariable(CliEnvironment.AccessKeySecret);
        var appSecret = getEnvironmentVariable(CliEnvironment.AppSecret);
        var missing = new (string Name, string? Value)[]
            {
                (CliEnvironment.AccessKeyId, accessKeyId),
                (CliEnvironment.AccessKeySecret, accessKeySecret),
                (CliEnvironment.AppSecret, appSecret),
            }
            .Where(v => string.IsNullOrWhiteSpace(v.Value))
            .Select(v => v.Name)
            .ToList();
        if (missing.Count > 0)
        {
            await stderr.WriteLineAsync(
                $"error: {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not set. Secrets are read only from the environment, e.g. export {missing[0]}=...").ConfigureAwait(false);
            return CliExitCodes.ConfigurationError;
        }

        WechatAppCredentials credentials;
        try
        {
            credentials = new WechatAppCredentials(request.AppId, appSecret!);
        }
        catch (ArgumentException ex)
        {
            var source = ex.ParamName == "appSecret" ? CliEnvironment.AppSecret : "--app-id";
            await stderr.WriteLineAsync($"error: {source}: {CliParsing.WithoutParameterSuffix(ex.Message)}").ConfigureAwait(false);
            return CliExitCodes.ConfigurationError;
        }

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddCliConsole(stderr, request.Verbose ? LogLevel.Information : LogLevel.None));
        services.AddWechatTokenProvider().UseGenAuth(options =>
        {
            if (request.Host is not null)
            {
                options.Host = request.Host;
            }

            options.Brand = request.Brand;
            options.Auth = request.Auth;
            if (request.Endpoint is not null)
            {
                options.Endpoint = request.Endpoint;
            }

            options.AccessKeyId = accessKeyId;
            options.AccessKeySecret = accessKeySecret;
        });

        await using var provider = services.BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            var token = await provider.GetRequiredService<IWechatTokenProvider>()
                .GetAccessTokenAsync(credentials, cancellationToken).ConfigureAwait(false);
#pragma warning disable GAH003 // `genauth-wechat token` exists to print the whole token on stdout: the one place it is printed on purpose (docs/design.md).
            await stdout.WriteLineAsync(request.Json
                ? CliOutput.TokenJson(credentials.AppId, token)
                : $"{token.Value}\t(app {credentials.AppId}, expires {token.ExpiresAt:yyyy-MM-dd'T'HH:mm:ss'Z'}, unix {token.ExpiresAtUnixSeconds})").ConfigureAwait(false);
#pragma warning restore GAH003
            return CliExitCodes.Success;
        }
        catch (OptionsValidationException ex)
        {
            await stderr.WriteLineAsync($"error: {CliOutput.OneLine(string.Join(" ", ex.Failures))}").ConfigureAwait(false);
            return CliExitCodes.ConfigurationError;
        }
        catch (WechatTokenException ex)
        {
            await stderr.WriteLineAsync($"error: {CliOutput.Describe(ex)}").ConfigureAwait(false);
            return ex.IsTransient ? CliExitCodes.TransientFailure : CliExitCodes.UpstreamFailure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("error: cancelled.").ConfigureAwait(false);
            return CliExitCodes.Cancelled;
        }
    }

    private sealed record TokenRequest(
        string AppId, string? Host, GenAuthBrand Brand, GenAuthAuthentication Auth, string? Endpoint, bool Json, bool Verbose);
}
