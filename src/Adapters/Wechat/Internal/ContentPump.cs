using System.IO.Pipelines;

namespace GenAuth.Hexagonal.Adapters.Wechat.Internal;

/// <summary>
/// Serialises an <see cref="HttpContent"/> of unknown length into a pipe in the background, so that its first bytes can
/// be read (and kept) while the rest keeps streaming: the content is never held whole. Disposing it stops the copy and
/// disposes the content.
/// </summary>
internal sealed class ContentPump : IDisposable
{
    private readonly Pipe _pipe = new();
    private readonly CancellationTokenSource _stop;
    private readonly HttpContent _content;
    private int _disposed;

    public ContentPump(HttpContent content, CancellationToken cancellationToken)
    {
        _content = content;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Reader = _pipe.Reader.AsStream();
        Copying = CopyAsync();
    }

    /// <summary>The serialised content; it fails with the content's own exception if serialising fails.</summary>
    public Stream Reader { get; }

    /// <summary>Completes when the content is serialised (or failed: the reader then sees the exception); it never throws.</summary>
    public Task Copying { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        _content.Dispose();

        // The copy may still be unwinding from the cancellation: its token source goes once it has.
        Copying.ContinueWith(static (_, stop) => ((CancellationTokenSource)stop!).Dispose(), _stop, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task CopyAsync()
    {
        await Task.Yield();
        try
        {
            var writer = _pipe.Writer.AsStream(leaveOpen: true);
            await using (writer.ConfigureAwait(false))
            {
                await _content.CopyToAsync(writer, _stop.Token).ConfigureAwait(false);
            }

            await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await _pipe.Writer.CompleteAsync(ex).ConfigureAwait(false);
        }
    }
}
