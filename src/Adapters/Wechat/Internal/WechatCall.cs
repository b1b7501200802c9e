namespace GenAuth.Hexagonal.Adapters.Wechat.Internal;

/// <summary>
/// One token fetch as the HTTP pipeline sees it: the app secret (only to scrub it from transport text), the deadline
/// of the fetch budget and the per-attempt timeout of the options the fetch started with. It rides in each attempt's <see cref="HttpRequestMessage.Options"/> (Refit's <c>[Property]</c>),
/// so the scrubbing handler and the retry strategy find it.
/// </summary>
internal sealed class WechatCall
{
    public const string OptionsKey = "GenAuth.Hexagonal.WechatCall";

    private readonly string?[] _secrets;
    private readonly TimeProvider _timeProvider;

    public WechatCall(WechatAppCredentials credentials, DateTimeOffset deadline, TimeProvider timeProvider, WechatApiOptions options)
    {
        _secrets = [credentials.AppSecret];
        Deadline = deadline;
        _timeProvider = timeProvider;
        Timeout = options.Timeout;
    }

    /// <summary>The timeout of each attempt (<see cref="WechatApiOptions.Timeout"/> when the fetch started).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>When the fetch budget (<see cref="WechatApiOptions.TotalTimeout"/>) runs out, by the provider's clock.</summary>
    public DateTimeOffset Deadline { get; }

    /// <summary>What is left of the fetch budget.</summary>
    public TimeSpan Remaining
    {
        get
        {
            var left = Deadline - _timeProvider.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public IReadOnlyList<string?> Secrets => _secrets;

    /// <summary>Finds the fetch an attempt belongs to.</summary>
    public static WechatCall? Of(HttpRequestMessage? request) =>
        request is not null && ((IDictionary<string, object?>)request.Options).TryGetValue(OptionsKey, out var value) ? value as WechatCall : null;
}
