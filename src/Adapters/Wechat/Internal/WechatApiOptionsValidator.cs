using GenAuth.Hexagonal.Adapters.Wechat;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Adapters.Wechat.Internal;

/// <summary>Validates <see cref="WechatApiOptions"/> at start-up; each message names the configuration key to fix.</summary>
internal sealed class WechatApiOptionsValidator(WechatApiRegistration registration) : IValidateOptions<WechatApiOptions>
{
    public ValidateOptionsResult Validate(string? name, WechatApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = WechatApiOptionsRules.Validate(options, registration.SectionPath);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
