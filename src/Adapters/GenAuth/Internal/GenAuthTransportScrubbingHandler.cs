using GenAuth.Hexagonal.Internal;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>
/// The innermost handler of GenAuth's clients (both carry secrets): what the primary handler throws is scrubbed before
/// the retry strategy, its telemetry, Refit or a logger sees it. .NET quotes a malformed header line whole in
/// the message of an <see cref="HttpRequestException"/>, so an answer echoing the app secret, the access key secret or the
/// management token would otherwise carry them into every log that records the exception.
/// </summary>
internal sealed class GenAuthTransportScrubbingHandler(LastValidOptionsMonitor<GenAuthOptions> options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Scrubbed(request, ex, cancellationToken) is { } scrubbed)
        {
            throw scrubbed;
        }
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return base.Send(request, cancellationToken);
        }
        catch (Exception ex) when (Scrubbed(request, ex, cancellationToken) is { } scrubbed)
        {
            throw scrubbed;
        }
    }

    /// <summary>A scrubbed copy of <paramref name="exception"/>, or <see langword="null"/> when it can go on as it is.</summary>
    private Exception? Scrubbed(HttpRequestMessage request, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        var call = GenAuthCall.Of(request);
        var bearer = request.Headers.Authorization is { Scheme: "Bearer", Parameter: { } token } ? token : null;
        call?.AddSecret(bearer);
        string?[] secrets = [.. call?.Secrets ?? [], options.CurrentValue.AccessKeySecret, bearer];
        var scrubbed = UpstreamText.Exception(exception, secrets);
        return ReferenceEquals(scrubbed, exception) ? null : scrubbed;
    }
}
