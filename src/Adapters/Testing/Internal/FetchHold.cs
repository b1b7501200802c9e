namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>The handle returned by <see cref="FakeWechatTokenProvider.HoldFetches"/>.</summary>
internal sealed class FetchHold(FakeWechatTokenProvider owner) : IDisposable
{
    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            owner.Release();
        }
    }
}
