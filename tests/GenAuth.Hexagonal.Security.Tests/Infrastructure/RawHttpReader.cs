using System.Globalization;
using System.Text;

namespace GenAuth.Hexagonal.Security.Tests.Infrastructure;

/// <summary>Reads HTTP/1.1 framing (lines, fixed-length and chunked bodies) from a socket stream, bounded.</summary>
internal sealed class RawHttpReader(Stream stream)
{
    private const int MaxLineBytes = 64 * 1024;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <summary>One line without its CRLF, or <see langword="null"/> at the end of the stream.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new MemoryStream();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return line.Length == 0 ? null : Encoding.Latin1.GetString(line.ToArray());
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                line.Write(_buffer, _start, newline - _start);
                _start = newline + 1;
                var bytes = line.ToArray();
                var length = bytes.Length > 0 && bytes[^1] == '\r' ? bytes.Length - 1 : bytes.Length;
                return Encoding.Latin1.GetString(bytes, 0, length);
            }

            line.Write(_buffer, _start, _end - _start);
            _start = _end;
            if (line.Length > MaxLineBytes)
            {
                throw new InvalidDataException("Line too long.");
            }
        }
    }

    /// <summary>Reads the body announced by <paramref name="request"/>'s headers into it (keeping at most <paramref name="keep"/> bytes).</summary>
    public async Task ReadBodyAsync(HostileRequest request, int keep, CancellationToken cancellationToken)
    {
        var kept = new MemoryStream();
        long total = 0;
        void Sink(ReadOnlySpan<byte> bytes)
        {
            total += bytes.Length;
            var room = keep - (int)kept.Length;
            if (room > 0)
            {
                kept.Write(bytes[..Math.Min(room, bytes.Length)]);
            }
        }

        if (string.Equals(request.Header("Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase))
        {
            while (true)
            {
                var sizeLine = await ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException();
                var size = long.Parse(sizeLine.Split(';', 2)[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    while (!string.IsNullOrEmpty(await ReadLineAsync(cancellationToken)))
                    {
                        // trailers
                    }

                    break;
                }

                await ReadExactAsync(size, Sink, cancellationToken);
                await ReadLineAsync(cancellationToken);
            }
        }
        else if (long.TryParse(request.Header("Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            await ReadExactAsync(length, Sink, cancellationToken);
        }

        request.Body = kept.ToArray();
        request.BodyLength = total;
    }

    private async Task ReadExactAsync(long count, SpanAction sink, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                throw new EndOfStreamException();
            }

            var take = (int)Math.Min(count, _end - _start);
            sink(_buffer.AsSpan(_start, take));
            _start += take;
            count -= take;
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await stream.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }

    private delegate void SpanAction(ReadOnlySpan<byte> bytes);
}
