using System.Net;
using Microsoft.Extensions.Options;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>Validates <see cref="GenAuthOptions"/> at start-up; each message names the configuration key and never a secret.</summary>
internal sealed class GenAuthOptionsValidator : IValidateOptions<GenAuthOptions>
{
    private const string P = GenAuthDefaults.SectionName;

    public ValidateOptionsResult Validate(string? name, GenAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        CheckHeaderSafe(failures, options.AccessKeyId, $"{P}:AccessKeyId", "the user pool id or a collaborator's access key id");
        CheckHeaderSafe(failures, options.AccessKeySecret, $"{P}:AccessKeySecret", "the access key secret; keep it in user secrets, environment variables or a vault");
        CheckHost(failures, options.Host);

        if (!Enum.IsDefined(options.Brand))
        {
            failures.Add($"{P}:Brand must be GenAuth or Authing.");
        }

        if (!Enum.IsDefined(options.Auth))
        {
            failures.Add($"{P}:Auth must be Signature or ManagementToken.");
        }

        if (!GenAuthDefaults.TokenEndpoints.Contains(options.Endpoint, StringComparer.Ordinal))
        {
            failures.Add($"{P}:Endpoint must be one of {string.Join(", ", GenAuthDefaults.TokenEndpoints)}.");
        }

        if (!GenAuthDefaults.Languages.Contains(options.Lang, StringComparer.Ordinal))
        {
            failures.Add($"{P}:Lang must be zh-CN or en-US.");
        }

        if (options.TenantId is { Length: > 0 } tenant && tenant.Trim().Any(c => c <= ' ' || c >= (char)0x7F))
        {
            failures.Add($"{P}:TenantId holds whitespace, control or non-ASCII characters; it is sent as a header.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{P}:Timeout must be positive and at most 00:10:00 (default 00:00:10).");
        }

        if (options.TotalTimeout <= TimeSpan.Zero || options.TotalTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{P}:TotalTimeout must be positive and at most 00:10:00 (default 00:00:30).");
        }
        else if (options.TotalTimeout < options.Timeout)
        {
            failures.Add($"{P}:TotalTimeout ({options.TotalTimeout:c}) must be at least {P}:Timeout ({options.Timeout:c}): it holds every attempt of a fetch.");
        }

        if (options.MaxRetryAttempts is < 0 or > 10)
        {
            failures.Add($"{P}:MaxRetryAttempts must be between 0 and 10 (default 3).");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{P}:RetryDelay must be between 00:00:00 and 00:01:00 (default 00:00:00.5).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckHeaderSafe(List<string> failures, string? value, string key, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{key} is missing. Set it to {what}.");
        }
        else if (value.Any(c => c <= ' ' || c >= (char)0x7F))
        {
            failures.Add($"{key} holds whitespace, control or non-ASCII characters. Values read from files or environment variables often carry a trailing newline: trim it.");
        }
    }

    private static void CheckHost(List<string> failures, string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            return;
        }

        if (!Uri.TryCreate(host.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{P}:Host must be an absolute https:// address, e.g. {GenAuthDefaults.GenAuthHost}.");
            return;
        }

        if (uri.UserInfo.Length > 0)
        {
            failures.Add($"{P}:Host must not carry a user name or password.");
            return;
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            failures.Add($"{P}:Host must not have a query or fragment (got {uri.GetLeftPart(UriPartial.Path)}...).");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            failures.Add($"{P}:Host must use https ({uri.GetLeftPart(UriPartial.Authority)} uses plain http, which is accepted only for loopback hosts: 127.0.0.0/8, ::1, localhost).");
        }
    }

    private static bool IsLoopback(Uri uri) =>
        string.Equals(uri.DnsSafeHost, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
