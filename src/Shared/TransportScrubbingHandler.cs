using System.Net.Http;

namespace GenAuth.Hexagonal.Internal;

/// <summary>
/// The innermost handler of every client that carries a secret, in both source adapters (compiled into each): what the
/// primary handler throws is scrubbed before the retry strategy, its telemetry, Refit or a logger sees it. .NET quotes a
/// malformed header line whole in the message of an <see cref="HttpRequestException"/>, so an answer echoing a secret would
/// otherwise carry it into every log that records the exception. Each adapter says which secrets a request carries.
/// </summary>
internal abstract class TransportScrubbingHandler : DelegatingHandler
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

    /// <summary>The secrets <paramref name="request"/> carries, which no text leaving this handler may hold.</summary>
    protected abstract IReadOnlyList<string?> SecretsOf(HttpRequestMessage request);

    /// <summary>A scrubbed copy of <paramref name="exception"/>, or <see langword="null"/> when it can go on as it is.</summary>
    private Exception? Scrubbed(HttpRequestMessage request, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        var scrubbed = UpstreamText.Exception(exception, SecretsOf(request));
        return ReferenceEquals(scrubbed, exception) ? null : scrubbed;
    }
}
