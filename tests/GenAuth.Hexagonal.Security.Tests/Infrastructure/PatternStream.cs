namespace GenAuth.Hexagonal.Security.Tests.Infrastructure;

/// <summary>
/// A non-seekable request body of <see cref="Length"/> bytes in a known pattern. Once <see cref="PauseAfter"/> bytes have
/// been read it waits for <see cref="Resume"/> (or gives up after a guard time and records that it had to), so a test can
/// see whether a request left before its whole body was read.
/// </summary>
internal sealed class PatternStream(long length, long pauseAfter, TimeSpan guard) : Stream
{
    private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _position;

    public long PauseAfter => pauseAfter;

    /// <summary>How many bytes have been read so far.</summary>
    public long BytesRead => Interlocked.Read(ref _position);

    /// <summary>Whether the stream had to give up waiting for <see cref="Resume"/>.</summary>
    public bool GuardElapsed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public static byte At(long offset) => (byte)('a' + (offset % 23));

    public void Resume() => _resume.TrySetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= pauseAfter && !_resume.Task.IsCompleted)
        {
            try
            {
                await _resume.Task.WaitAsync(guard, cancellationToken);
            }
            catch (TimeoutException)
            {
                GuardElapsed = true;
                _resume.TrySetResult();
            }
        }

        var limit = _position < pauseAfter ? pauseAfter : length;
        var count = (int)Math.Min(buffer.Length, limit - _position);
        for (var i = 0; i < count; i++)
        {
            buffer.Span[i] = At(_position + i);
        }

        Interlocked.Add(ref _position, count);
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
