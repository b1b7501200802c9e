using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Internal;

/// <summary>Validates named apps at start-up; each message names the configuration key to fix and never a value.</summary>
internal sealed class WechatAppsOptionsValidator : IValidateOptions<WechatAppsOptions>
{
    public ValidateOptionsResult Validate(string? name, WechatAppsOptions options)
    {
        var failures = new List<string>();
        foreach (var (appName, app) in options.Apps)
        {
            var prefix = $"{WechatTokenProviderDefaults.WechatSectionName}:Apps:{appName}";
            if (app is null)
            {
                failures.Add($"{prefix} is empty: set {prefix}:AppId and {prefix}:AppSecret.");
                continue;
            }

            Check(failures, app.AppId, $"{prefix}:AppId", v => _ = new WechatAppCredentials(v, "placeholder-secret"));
            Check(failures, app.AppSecret, $"{prefix}:AppSecret", v => _ = new WechatAppCredentials("wx0000000000000000", v));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string? value, string key, Action<string> construct)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{key} is missing. Set it in configuration (user secrets, environment variables or a vault).");
            return;
        }

        try
        {
            construct(value);
        }
        catch (ArgumentException ex)
        {
            // The value objects' messages never echo the value.
            failures.Add($"{key} is invalid: {ex.Message.Split(" (Parameter", 2)[0]}");
        }
    }
}
