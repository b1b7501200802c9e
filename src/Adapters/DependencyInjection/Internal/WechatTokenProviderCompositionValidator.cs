using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Internal;

/// <summary>
/// The composition's start-up check: a source is registered, the named apps are valid, the default source and every source
/// routed in code exist, and the configuration of each source in use is valid. Sources no app uses are not checked.
/// </summary>
internal sealed class WechatTokenProviderCompositionValidator(IServiceProvider services, WechatTokenProviderComposition composition)
    : IValidateOptions<WechatTokenProviderCompositionCheck>
{
    public ValidateOptionsResult Validate(string? name, WechatTokenProviderCompositionCheck options)
    {
        if (!composition.HasSources)
        {
            return ValidateOptionsResult.Fail(WechatTokenProviderComposition.MissingSourceMessage);
        }

        WechatAppSnapshot apps;
        try
        {
            apps = services.GetRequiredService<WechatAppDirectory>().Current;
        }
        catch (OptionsValidationException ex)
        {
            return ValidateOptionsResult.Fail(ex.Failures); // the apps' validator names each key to fix
        }

        var failures = new List<string>();
        var used = new List<string> { apps.DefaultSource };
        used.AddRange(apps.Apps.Select(a => a.SourceName));
        foreach (var (appName, sourceName) in composition.Routes)
        {
            if (composition.FindSource(sourceName) is null)
            {
                failures.Add($"UseSourceFor(\"{appName}\", \"{sourceName}\") names a source that is not registered (registered: {string.Join(", ", composition.SourceNames)}).");
            }
        }

        foreach (var sourceName in used.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var source = composition.FindSource(sourceName);
            if (source is null)
            {
                failures.Add(
                    $"The default WeChat token source '{sourceName}' is not registered (registered: {string.Join(", ", composition.SourceNames)}). "
                    + "Fix UseDefaultSource(...) or register the source.");
                continue;
            }

            if (source.Validate is not null)
            {
                failures.AddRange(source.Validate(services));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
