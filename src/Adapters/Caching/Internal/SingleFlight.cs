using System.Collections.Concurrent;

namespace GenAuth.Hexagonal.Adapters.Caching.Internal;

/// <summary>
/// At most one fetch per credentials at a time, whatever the number of callers: later callers join the fetch in flight.
/// The fetch stores its outcome before it completes, so a caller arriving after it finds the new entry instead of starting
/// another; and one that claims a new flight just after another completed is handed that one's entry (see
/// <c>alreadyFetched</c>).
/// </summary>
/// <param name="fetch">Runs one fetch and applies its outcome; what it returns or throws reaches every waiter.</param>
/// <param name="alreadyFetched">The token a fetch completed in the meantime put in place of <c>replacing</c>, if any.</param>
internal sealed class SingleFlight(
    Func<WechatAppCredentials, Task<WechatAccessToken>> fetch,
    Func<WechatAppCredentials, TokenEntry?, WechatAccessToken?> alreadyFetched)
{
    private readonly ConcurrentDictionary<WechatCredentialsKey, TaskCompletionSource<WechatAccessToken>> _flights = new();

    /// <summary>Joins the fetch in flight for the credentials, or starts one.</summary>
    /// <param name="credentials">The app.</param>
    /// <param name="replacing">The entry the caller found unusable (null if none): a fetch is needed to replace it.</param>
    public Task<WechatAccessToken> JoinOrStart(WechatAppCredentials credentials, TokenEntry? replacing)
    {
        var key = credentials.Key;
        while (true)
        {
            if (_flights.TryGetValue(key, out var existing))
            {
                return existing.Task;
            }

            var flight = new TaskCompletionSource<WechatAccessToken>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_flights.TryAdd(key, flight))
            {
                continue;
            }

            if (alreadyFetched(credentials, replacing) is { } token)
            {
                _flights.TryRemove(KeyValuePair.Create(key, flight));
                flight.SetResult(token);
                return flight.Task;
            }

            _ = RunAsync(credentials, flight);
            return flight.Task;
        }
    }

    private async Task RunAsync(WechatAppCredentials credentials, TaskCompletionSource<WechatAccessToken> flight)
    {
        try
        {
            var token = await fetch(credentials).ConfigureAwait(false);
            _flights.TryRemove(KeyValuePair.Create(credentials.Key, flight));
            flight.TrySetResult(token);
        }
        catch (Exception ex)
        {
            // Whatever happened, waiters must not hang and the failure must not stay: the next caller starts a new fetch.
            _flights.TryRemove(KeyValuePair.Create(credentials.Key, flight));
            flight.TrySetException(ex);
            _ = flight.Task.Exception; // observed: callers who stopped waiting must not cause UnobservedTaskException
        }
    }
}
