namespace GenAuth.Hexagonal.Adapters.Wechat.Internal;

/// <summary>What the provider keeps of WeChat's answer once it is read (the response itself is disposed).</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="MediaType">The content type's media type.</param>
/// <param name="Charset">The content type's charset, if any.</param>
/// <param name="Location">A 3xx answer's <c>Location</c>, made absolute; never followed.</param>
/// <param name="RetryAfter">How long a 429/503 answer asked to wait.</param>
/// <param name="Body">The body, at most 64 KB.</param>
internal sealed record WechatAnswer(int Status, string? MediaType, string? Charset, Uri? Location, TimeSpan? RetryAfter, byte[] Body)
{
    public static WechatAnswer From(HttpResponseMessage response, byte[] body, DateTimeOffset now)
    {
        var location = response.Headers.Location;
        if (location is { IsAbsoluteUri: false } && response.RequestMessage?.RequestUri is { IsAbsoluteUri: true } requestUri)
        {
            location = new Uri(requestUri, location);
        }

        var retryAfter = response.Headers.RetryAfter;
        TimeSpan? wait = retryAfter?.Delta
            ?? (retryAfter?.Date is { } date ? Max(date - (response.Headers.Date ?? now), TimeSpan.Zero) : null);
        var contentType = response.Content.Headers.ContentType;
        return new WechatAnswer((int)response.StatusCode, contentType?.MediaType, contentType?.CharSet, location, wait, body);
    }

    /// <summary>How long <paramref name="response"/> asked to wait (<c>Retry-After</c>, seconds or a date), or <see langword="null"/>.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage? response)
    {
        var retryAfter = response?.Headers.RetryAfter;
        return retryAfter?.Delta
            ?? (retryAfter?.Date is { } date ? Max(date - (response!.Headers.Date ?? TimeProvider.System.GetUtcNow()), TimeSpan.Zero) : null);
    }

    public override string ToString() => $"WechatAnswer {{ Status = {Status}, MediaType = {MediaType}, Body = {Body.Length} bytes }}";

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
