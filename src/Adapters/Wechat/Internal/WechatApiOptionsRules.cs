namespace GenAuth.Hexagonal.Adapters.Wechat.Internal;

/// <summary>The rules <see cref="WechatApiOptions"/> must follow; messages name the configuration key and never a secret.</summary>
internal static class WechatApiOptionsRules
{
    /// <summary>The longest accepted <see cref="WechatApiOptions.Timeout"/>.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The longest accepted <see cref="WechatApiOptions.TotalTimeout"/>.</summary>
    public static readonly TimeSpan MaxTotalTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Checks <paramref name="options"/>.</summary>
    /// <param name="options">The options.</param>
    /// <param name="sectionPath">The configuration section the options come from, e.g. <c>Wechat</c>.</param>
    /// <returns>One message per problem; empty when the options are valid.</returns>
    public static List<string> Validate(WechatApiOptions options, string sectionPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var host = options.Host;
        var hostKey = $"{sectionPath}:Host";
        if (host is null)
        {
            failures.Add($"{hostKey} is missing. Set it to {WechatApiDefaults.DefaultHost} (or api2., sh., sz., hk.api.weixin.qq.com).");
        }
        else if (!host.IsAbsoluteUri)
        {
            failures.Add($"{hostKey} must be an absolute URI such as {WechatApiDefaults.DefaultHost}.");
        }
        else if (!string.IsNullOrEmpty(host.Query) || !string.IsNullOrEmpty(host.Fragment) || !string.IsNullOrEmpty(host.UserInfo))
        {
            failures.Add($"{hostKey} must not contain a query, a fragment or user information; use just the scheme and host, e.g. {WechatApiDefaults.DefaultHost}.");
        }
        else if (host.Scheme == Uri.UriSchemeHttp)
        {
            if (!host.IsLoopback)
            {
                failures.Add($"{hostKey} uses plain http on a non-loopback host; WeChat's API (and any host that sees the app secret) must be reached over https, e.g. {WechatApiDefaults.DefaultHost}.");
            }
        }
        else if (host.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"{hostKey} must use https (plain http only on a loopback address), e.g. {WechatApiDefaults.DefaultHost}.");
        }

        if (!Enum.IsDefined(options.Endpoint))
        {
            failures.Add($"{sectionPath}:Endpoint must be {nameof(WechatApiEndpoint.StableToken)} (default) or {nameof(WechatApiEndpoint.Token)}.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > MaxTimeout)
        {
            failures.Add($"{sectionPath}:Timeout must be greater than zero and at most {MaxTimeout:c} (default {WechatApiDefaults.DefaultTimeout:c}).");
        }

        if (options.TotalTimeout <= TimeSpan.Zero || options.TotalTimeout > MaxTotalTimeout)
        {
            failures.Add($"{sectionPath}:TotalTimeout must be greater than zero and at most {MaxTotalTimeout:c} (default {WechatApiDefaults.DefaultTotalTimeout:c}).");
        }
        else if (options.TotalTimeout < options.Timeout)
        {
            failures.Add($"{sectionPath}:TotalTimeout ({options.TotalTimeout:c}) must be at least {sectionPath}:Timeout ({options.Timeout:c}): it holds every attempt of a fetch.");
        }

        return failures;
    }

    /// <summary>A base address ending with '/', so relative endpoint paths combine with a path prefix.</summary>
    public static Uri NormalizeHost(Uri host) =>
        host.AbsoluteUri.EndsWith('/') ? host : new Uri(host.AbsoluteUri + "/");
}
