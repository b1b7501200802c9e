using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>Validates <see cref="WechatTokenCachingOptions"/>; each message names the configuration key to fix.</summary>
internal sealed class WechatTokenCachingOptionsValidator : IValidateOptions<WechatTokenCachingOptions>
{
    /// <summary>The configuration section the keys in messages are under.</summary>
    public const string SectionName = "Wechat:Caching";

    public static readonly WechatTokenCachingOptionsValidator Instance = new();

    public ValidateOptionsResult Validate(string? name, WechatTokenCachingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxRefreshAhead < TimeSpan.Zero || options.MaxRefreshAhead > TimeSpan.FromHours(1))
        {
            failures.Add($"{SectionName}:MaxRefreshAhead must be between 00:00:00 and 01:00:00 (default 00:05:00).");
        }

        if (options.MaxSafetyMargin < TimeSpan.Zero || options.MaxSafetyMargin > TimeSpan.FromHours(1))
        {
            failures.Add($"{SectionName}:MaxSafetyMargin must be between 00:00:00 and 01:00:00 (default 00:00:30).");
        }
        else if (options.MaxSafetyMargin > options.MaxRefreshAhead)
        {
            failures.Add($"{SectionName}:MaxSafetyMargin must not exceed {SectionName}:MaxRefreshAhead: the background refresh has to start before tokens stop being served.");
        }

        if (options.SizeLimit < 1)
        {
            failures.Add($"{SectionName}:SizeLimit must be at least 1 (default {WechatTokenCachingOptions.DefaultSizeLimit}).");
        }

        if (options.RefreshRetryDelay <= TimeSpan.Zero || options.RefreshRetryDelay > TimeSpan.FromHours(1))
        {
            failures.Add($"{SectionName}:RefreshRetryDelay must be more than 00:00:00 and at most 01:00:00 (default 00:00:01).");
        }

        if (options.RefreshRetryMaxDelay < options.RefreshRetryDelay || options.RefreshRetryMaxDelay > TimeSpan.FromHours(1))
        {
            failures.Add($"{SectionName}:RefreshRetryMaxDelay must be at least {SectionName}:RefreshRetryDelay and at most 01:00:00 (default 00:00:30).");
        }

        if (double.IsNaN(options.RefreshRetryJitter) || options.RefreshRetryJitter < 0 || options.RefreshRetryJitter > 1)
        {
            failures.Add($"{SectionName}:RefreshRetryJitter must be between 0 and 1 (default 0.2).");
        }

        if (options.FailureRetention < TimeSpan.FromSeconds(1) || options.FailureRetention > TimeSpan.FromDays(1))
        {
            failures.Add($"{SectionName}:FailureRetention must be between 00:00:01 and 1.00:00:00 (default 00:05:00).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
