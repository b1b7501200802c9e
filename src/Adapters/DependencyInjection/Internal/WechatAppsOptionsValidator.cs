using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Internal;

/// <summary>
/// Validates named apps at start-up and on every reload; each message names the configuration key to fix and never a value.
/// </summary>
internal sealed class WechatAppsOptionsValidator(WechatTokenProviderComposition composition) : IValidateOptions<WechatAppsOptions>
{
    private const string Section = WechatTokenProviderDefaults.WechatSectionName;

    public ValidateOptionsResult Validate(string? name, WechatAppsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckSourceName(failures, options.DefaultSource, $"{Section}:DefaultSource");
        var ownerByAppId = new Dictionary<string, (string App, string Source)>(StringComparer.Ordinal);
        foreach (var (appName, app) in options.Apps)
        {
            var prefix = $"{Section}:Apps:{appName}";
            if (app is null)
            {
                failures.Add($"{prefix} is empty: set {prefix}:AppId and {prefix}:AppSecret.");
                continue;
            }

            var idValid = Check(failures, app.AppId, $"{prefix}:AppId", v => _ = new WechatAppCredentials(v, "placeholder-secret"));
            Check(failures, app.AppSecret, $"{prefix}:AppSecret", v => _ = new WechatAppCredentials("wx0000000000000000", v));
            CheckSourceName(failures, app.Source, $"{prefix}:Source");
            if (!idValid || !composition.HasSources)
            {
                continue;
            }

            var source = !string.IsNullOrWhiteSpace(app.Source) ? app.Source
                : composition.Routes.TryGetValue(appName, out var routed) ? routed
                : composition.ResolveDefault(options.DefaultSource)!;
            if (ownerByAppId.TryGetValue(app.AppId!, out var owner)
                && !string.Equals(owner.Source, source, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add(
                    $"{prefix}:Source ('{source}') and {Section}:Apps:{owner.App}:Source ('{owner.Source}') name different sources for the same app id: "
                    + "each app id has exactly one token owner. Give both the same Source.");
            }
            else
            {
                ownerByAppId.TryAdd(app.AppId!, (appName, source));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void CheckSourceName(List<string> failures, string? value, string key)
    {
        if (string.IsNullOrWhiteSpace(value) || !composition.HasSources || composition.FindSource(value) is not null)
        {
            return;
        }

        failures.Add(
            $"{key} names the token source '{value}', which is not registered (registered: {string.Join(", ", composition.SourceNames)}). "
            + "Register it on services.AddWechatTokenProvider() (UseGenAuth, UseWechat) or fix the name.");
    }

    private static bool Check(List<string> failures, string? value, string key, Action<string> construct)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{key} is missing. Set it in configuration (user secrets, environment variables or a vault).");
            return false;
        }

        try
        {
            construct(value);
            return true;
        }
        catch (ArgumentException ex)
        {
            // The value objects' messages never echo the value.
            failures.Add($"{key} is invalid: {ex.Message.Split(" (Parameter", 2)[0]}");
            return false;
        }
    }
}
