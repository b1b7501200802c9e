using System.Security.Cryptography;
using System.Text;

namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>The deterministic bytes the media endpoint serves for a media id.</summary>
internal static class MediaContent
{
    public const int Length = 4096;

    public static byte[] For(string mediaId)
    {
        var bytes = new byte[Length];
        var block = SHA256.HashData(Encoding.UTF8.GetBytes(mediaId));
        for (var offset = 0; offset < Length; offset += block.Length)
        {
            block.AsSpan(0, Math.Min(block.Length, Length - offset)).CopyTo(bytes.AsSpan(offset));
            block = SHA256.HashData(block);
        }

        return bytes;
    }
}
