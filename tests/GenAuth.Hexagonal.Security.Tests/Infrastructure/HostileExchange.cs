using System.Text;

namespace GenAuth.Hexagonal.Security.Tests.Infrastructure;

/// <summary>A request a <see cref="HostileServer"/> received and the raw stream to answer it on.</summary>
internal sealed class HostileExchange(HostileRequest request, Stream stream, CancellationToken stopping)
{
    public HostileRequest Request { get; } = request;

    public Stream Stream { get; } = stream;

    /// <summary>Cancelled when the server is disposed.</summary>
    public CancellationToken Stopping { get; } = stopping;

    /// <summary>Writes <paramref name="raw"/> as UTF-8, exactly as given.</summary>
    public Task WriteAsync(string raw) => WriteAsync(Encoding.UTF8.GetBytes(raw));

    public async Task WriteAsync(byte[] bytes)
    {
        await Stream.WriteAsync(bytes, Stopping);
        await Stream.FlushAsync(Stopping);
    }
}
