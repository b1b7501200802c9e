namespace GenAuth.Hexagonal.Adapters.Wechat.Internal;

/// <summary>
/// How <see cref="WechatAccessTokenHandler"/> keeps what it holds in memory bounded: request bodies are kept for a replay
/// only up to a limit, and at most the first bytes of an answer are looked at for an <c>errcode</c>.
/// </summary>
internal static class BoundedBodies
{
    /// <summary>JSON answers larger than this are never token rejections (those are tiny); at most this much is read to tell.</summary>
    public const int MaxInspectedBytes = 16 * 1024;

    /// <summary>
    /// Makes <paramref name="request"/>'s body replayable when it fits in <paramref name="limit"/> bytes: a body of known
    /// length is buffered when it fits; one of unknown length is read up to the limit, and is replaced either by the
    /// buffered bytes (it fitted) or by those bytes followed by the rest, streamed (it did not).
    /// </summary>
    /// <returns>Whether the request can be sent again.</returns>
    public static async Task<bool> PrepareForReplayAsync(HttpRequestMessage request, long limit, CancellationToken cancellationToken)
    {
        var content = request.Content;
        if (content is null)
        {
            return true;
        }

        if (content.Headers.ContentLength is { } length)
        {
            if (length > limit)
            {
                return false;
            }

            await content.LoadIntoBufferAsync(limit, cancellationToken).ConfigureAwait(false);
            return true;
        }

        var pump = new ContentPump(content, cancellationToken);
        try
        {
            var (kept, ended) = await ReadUpToAsync(pump.Reader, limit, cancellationToken).ConfigureAwait(false);
            if (ended)
            {
                await pump.Copying.ConfigureAwait(false);
                request.Content = WithHeadersOf(new ByteArrayContent(kept), content);
                await pump.Reader.DisposeAsync().ConfigureAwait(false);
                pump.Dispose();
                return true;
            }

            request.Content = WithHeadersOf(new StreamContent(new PrefixedReadStream(kept, pump.Reader, pump)), content);
            return false;
        }
        catch
        {
            await pump.Reader.DisposeAsync().ConfigureAwait(false);
            pump.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The top-level <c>errcode</c> of a JSON answer, looking at no more than <see cref="MaxInspectedBytes"/>; answers
    /// that are not JSON are neither read nor buffered. An answer of unknown length is replaced by one that yields the
    /// bytes looked at and then the rest of the original, streamed.
    /// </summary>
    public static async Task<int?> ReadErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var content = response.Content;
        var mediaType = content?.Headers.ContentType?.MediaType;
        if (content is null || mediaType is null)
        {
            return null;
        }

        var isJson = mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        var isText = mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase);
        if (!isJson && !isText)
        {
            return null;
        }

        if (content.Headers.ContentLength is { } length)
        {
            if (length > MaxInspectedBytes)
            {
                return null;
            }

            await content.LoadIntoBufferAsync(MaxInspectedBytes, cancellationToken).ConfigureAwait(false);
            return WechatAccessTokenHandler.ParseErrorCode(await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (kept, ended) = await ReadUpToAsync(stream, MaxInspectedBytes, cancellationToken).ConfigureAwait(false);
            if (ended)
            {
                response.Content = WithHeadersOf(new ByteArrayContent(kept), content);
                await stream.DisposeAsync().ConfigureAwait(false);
                content.Dispose();
                return WechatAccessTokenHandler.ParseErrorCode(kept);
            }

            response.Content = WithHeadersOf(new StreamContent(new PrefixedReadStream(kept, stream, content)), content);
            return null;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads until <paramref name="limit"/> + 1 bytes are held or the stream ends.</summary>
    private static async Task<(byte[] Kept, bool Ended)> ReadUpToAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (buffer.Length <= limit)
        {
            var want = (int)Math.Min(chunk.Length, limit + 1 - buffer.Length);
            var read = await stream.ReadAsync(chunk.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (buffer.ToArray(), true);
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), false);
    }

    private static T WithHeadersOf<T>(T replacement, HttpContent original)
        where T : HttpContent
    {
        foreach (var (name, values) in original.Headers)
        {
            replacement.Headers.Remove(name);
            replacement.Headers.TryAddWithoutValidation(name, values);
        }

        return replacement;
    }
}
