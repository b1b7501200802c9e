using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Adapters.Redis.Internal;

/// <summary>Validates <see cref="RedisWechatTokenOptions"/>; each message names the configuration key to fix.</summary>
internal sealed class RedisWechatTokenOptionsValidator : IValidateOptions<RedisWechatTokenOptions>
{
    private const string Section = RedisWechatTokenDefaults.SectionName;

    public static readonly RedisWechatTokenOptionsValidator Instance = new();

    public ValidateOptionsResult Validate(string? name, RedisWechatTokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.KeyPrefix) || options.KeyPrefix.Length > 100
            || options.KeyPrefix.Any(c => c is '{' or '}' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add($"{Section}:KeyPrefix must be 1 to 100 characters without braces or whitespace (default '{RedisWechatTokenDefaults.DefaultKeyPrefix}').");
        }

        Range(failures, "OperationTimeout", options.OperationTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(30), "00:00:00.5");
        if (options.FetchBudget is { } budget)
        {
            Range(failures, "FetchBudget", budget, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), "the source's own");
        }
        Range(failures, "PollInterval", options.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(10), "00:00:00.1");
        Range(failures, "ProbeInterval", options.ProbeInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1), "00:00:01");
        Range(failures, "MaxRefreshAhead", options.MaxRefreshAhead, TimeSpan.Zero, TimeSpan.FromHours(1), "00:05:00");
        Range(failures, "MaxSafetyMargin", options.MaxSafetyMargin, TimeSpan.Zero, TimeSpan.FromHours(1), "00:00:30");
        if (options.MaxSafetyMargin > options.MaxRefreshAhead)
        {
            failures.Add($"{Section}:MaxSafetyMargin must not exceed {Section}:MaxRefreshAhead.");
        }

        Range(failures, "RefreshRetryDelay", options.RefreshRetryDelay, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1), "00:00:01");
        if (options.RefreshRetryMaxDelay < options.RefreshRetryDelay || options.RefreshRetryMaxDelay > TimeSpan.FromHours(1))
        {
            failures.Add($"{Section}:RefreshRetryMaxDelay must be at least {Section}:RefreshRetryDelay and at most 01:00:00 (default 00:00:30).");
        }

        if (options.ForceRefreshMinInterval < TimeSpan.FromSeconds(30) || options.ForceRefreshMinInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"{Section}:ForceRefreshMinInterval must be between 00:00:30 (WeChat's limit) and 1.00:00:00 (default 00:00:30).");
        }

        if (options.ForceRefreshDailyLimit is < 0 or > 20)
        {
            failures.Add($"{Section}:ForceRefreshDailyLimit must be between 0 and 20 (WeChat's limit; default 20).");
        }

        Range(failures, "RejectedTokenMemory", options.RejectedTokenMemory, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), "00:10:00");
        if (!Enum.IsDefined(options.OutageBehavior))
        {
            failures.Add($"{Section}:OutageBehavior must be Default, UseSource or FailClosed.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string key, TimeSpan value, TimeSpan min, TimeSpan max, string defaultValue)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Section}:{key} must be between {min:c} and {max:c} (default {defaultValue}).");
        }
    }
}
