using System.CommandLine;
using GenAuth.Hexagonal.Adapters.GenAuth;
using GenAuth.Hexagonal.Adapters.Wechat;
using GenAuth.Hexagonal.Cli.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Cli;

/// <summary>
/// <c>genauth-wechat token</c>: gets a WeChat access token through GenAuth (<c>--source genauth</c>, the default) or straight
/// from WeChat's <c>stable_token</c> (<c>--source wechat</c>), and prints it.
/// </summary>
internal static class TokenCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, Func<string, string?> getEnvironmentVariable)
    {
        var appId = new Option<string>("--app-id")
        {
            Description = $"The WeChat app id. Its secret is read from {CliEnvironment.AppSecret}.",
            Required = true,
        };
        var source = new Option<CliTokenSource>("--source")
        {
            Description = $"genauth (the token GenAuth caches for the app; needs {CliEnvironment.AccessKeyId} and {CliEnvironment.AccessKeySecret}) or wechat (straight from WeChat's stable_token, normal mode; needs only {CliEnvironment.AppSecret}).",
            DefaultValueFactory = _ => CliTokenSource.GenAuth,
            CustomParser = r => CliParsing.ParseEnum<CliTokenSource>(r, "genauth", "wechat"),
        };
        source.AcceptOnlyFromAmong("genauth", "wechat");
        var host = new Option<string?>("--host")
        {
            Description = $"The GenAuth host (default: {GenAuthDefaults.GenAuthHost}, or {GenAuthDefaults.AuthingHost} for --brand authing); with --source wechat, WeChat's API host (default: {WechatApiDefaults.DefaultHost}, or api2., sh.api., sz.api., hk.api.weixin.qq.com, a private gateway).",
        };
        var brand = new Option<GenAuthBrand>("--brand")
        {
            Description = "genauth (x-genauth-* headers) or authing (x-authing-* headers). --source genauth only.",
            DefaultValueFactory = _ => GenAuthBrand.GenAuth,
            CustomParser = r => CliParsing.ParseEnum<GenAuthBrand>(r, "genauth", "authing"),
        };
        brand.AcceptOnlyFromAmong("genauth", "authing");
        var auth = new Option<GenAuthAuthentication>("--auth")
        {
            Description = "signature (AK/SK request signing) or management-token. --source genauth only.",
            DefaultValueFactory = _ => GenAuthAuthentication.Signature,
            CustomParser = r => CliParsing.ParseEnum<GenAuthAuthentication>(r, "signature", "management-token"),
        };
        auth.AcceptOnlyFromAmong("signature", "management-token");
        var endpoint = new Option<string?>("--endpoint")
        {
            Description = "The token path (default /api/v3/get-weixin-access-token). --source genauth only.",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print exactly one JSON object: {\"appId\", \"accessToken\", \"expiresAt\"}.",
        };
        var verbose = new Option<bool>("--verbose")
        {
            Description = "Also print the library's warnings and information on stderr (never secrets or tokens).",
        };

        var command = new Command("token", "Get an app's WeChat access token, from GenAuth (default) or straight from WeChat, and print it.")
        {
            appId, source, host, brand, auth, endpoint, json, verbose,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            new TokenRequest(
                parseResult.GetValue(appId)!,
                parseResult.GetValue(source),
                [.. new Option[] { brand, auth, endpoint }.Where(o => parseResult.GetResult(o) is { Implicit: false }).Select(o => o.Name)],
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
        var fromWechat = request.Source == CliTokenSource.Wechat;
        if (fromWechat && request.GenAuthOnlyOptions.Count > 0)
        {
            await stderr.WriteLineAsync(
                $"error: {string.Join(", ", request.GenAuthOnlyOptions)} {(request.GenAuthOnlyOptions.Count == 1 ? "applies" : "apply")} to --source genauth only; --source wechat calls WeChat's stable_token with {CliEnvironment.AppSecret} alone.").ConfigureAwait(false);
            return CliExitCodes.ConfigurationError;
        }

        Uri? wechatHost = null;
        if (fromWechat && request.Host is not null && !Uri.TryCreate(request.Host.Trim(), UriKind.Absolute, out wechatHost))
        {
            await stderr.WriteLineAsync($"error: --host must be an absolute https:// address with --source wechat, e.g. {WechatApiDefaults.DefaultHost}.").ConfigureAwait(false);
            return CliExitCodes.ConfigurationError;
        }

        var accessKeyId = fromWechat ? null : getEnvironmentVariable(CliEnvironment.AccessKeyId);
        var accessKeySecret = fromWechat ? null : getEnvironmentVariable(CliEnvironment.AccessKeySecret);
        var appSecret = getEnvironmentVariable(CliEnvironment.AppSecret);
        var needed = fromWechat
            ? new (string Name, string? Value)[] { (CliEnvironment.AppSecret, appSecret) }
            : [
                (CliEnvironment.AccessKeyId, accessKeyId),
                (CliEnvironment.AccessKeySecret, accessKeySecret),
                (CliEnvironment.AppSecret, appSecret),
            ];
        var missing = needed
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
        if (fromWechat)
        {
            services.AddWechatTokenProvider().UseWechat(options =>
            {
                if (wechatHost is not null)
                {
                    options.Host = wechatHost;
                }
            });
        }
        else
        {
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
        }

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
        string AppId,
        CliTokenSource Source,
        IReadOnlyList<string> GenAuthOnlyOptions,
        string? Host,
        GenAuthBrand Brand,
        GenAuthAuthentication Auth,
        string? Endpoint,
        bool Json,
        bool Verbose);
}
