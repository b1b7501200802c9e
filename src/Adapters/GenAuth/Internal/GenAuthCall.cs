using GenAuth.Hexagonal.Internal;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>
/// What a request was for, so that errors can say what to fix; holds the call's secrets only to scrub them from
/// upstream and transport text, the deadline of its fetch budget, and the options it was started with (one fetch uses one
/// snapshot of <see cref="GenAuthOptions"/>, whatever reloads happen meanwhile). It travels with each attempt's request
/// (<see cref="OptionsKey"/>), so the handlers and the retry strategy see it too.
/// </summary>
internal sealed class GenAuthCall
{
    /// <summary>The key under which the call rides in <see cref="HttpRequestMessage.Options"/> (set by Refit's <c>[Property]</c>).</summary>
    public const string OptionsKey = "GenAuth.Hexagonal.GenAuthCall";

    private readonly Lock _lock = new();
    private string?[] _secrets;

    private GenAuthCall(GenAuthOptions options, bool isManagementToken, string endpoint, string? appId, string?[] secrets, DateTimeOffset deadline)
    {
        Options = options;
        IsManagementToken = isManagementToken;
        Endpoint = endpoint;
        AppId = appId;
        _secrets = secrets;
        Deadline = deadline;
    }

    /// <summary>The options this fetch runs with (a snapshot: reloads apply to the next fetch).</summary>
    public GenAuthOptions Options { get; }

    public bool IsManagementToken { get; }

    public string Endpoint { get; }

    public string? AppId { get; }

    public string What => IsManagementToken ? "a management token" : $"the WeChat access token for app {AppId}";

    /// <summary>When the fetch budget (<see cref="GenAuthOptions.TotalTimeout"/>) runs out, on <see cref="TimeProvider.System"/>.</summary>
    public DateTimeOffset Deadline { get; }

    /// <summary>What is left of the fetch budget.</summary>
    public TimeSpan Remaining
    {
        get
        {
            var left = Deadline - TimeProvider.System.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>The secrets to scrub: the app secret, the access key secret and, once known, the management token.</summary>
    public IReadOnlyList<string?> Secrets
    {
        get
        {
            lock (_lock)
            {
                return _secrets;
            }
        }
    }

    public static GenAuthCall ForWechatToken(string endpoint, WechatAppCredentials credentials, GenAuthOptions options) =>
        new(options, false, endpoint, credentials.AppId, [credentials.AppSecret, options.AccessKeySecret], DeadlineOf(options));

    public static GenAuthCall ForManagementToken(GenAuthOptions options) =>
        new(options, true, GenAuthDefaults.ManagementTokenEndpoint, null, [options.AccessKeySecret], DeadlineOf(options));

    /// <summary>Finds the call an attempt belongs to.</summary>
    public static GenAuthCall? Of(HttpRequestMessage? request) =>
        request is not null && ((IDictionary<string, object?>)request.Options).TryGetValue(OptionsKey, out var value) ? value as GenAuthCall : null;

    /// <summary>Adds a secret learnt during the call (the management token an attempt was sent with).</summary>
    public void AddSecret(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return;
        }

        lock (_lock)
        {
            if (!_secrets.Contains(secret, StringComparer.Ordinal))
            {
                _secrets = [.. _secrets, secret];
            }
        }
    }

    /// <summary>Makes upstream text safe to put in a message (see <see cref="UpstreamText.Clean"/>).</summary>
    public string Scrub(string? text) => UpstreamText.Clean(text, Secrets);

    /// <summary>An exception chain safe to keep as an inner exception (see <see cref="UpstreamText.Exception"/>).</summary>
    public Exception? Scrub(Exception? exception) => UpstreamText.Exception(exception, Secrets);

    private static DateTimeOffset DeadlineOf(GenAuthOptions options) => TimeProvider.System.GetUtcNow() + options.TotalTimeout;
}
