using System.Text;

namespace GenAuth.Hexagonal.Security.Tests.Infrastructure;

/// <summary>One request as a <see cref="HostileServer"/> read it off the socket.</summary>
internal sealed class HostileRequest
{
    public required int Connection { get; init; }

    public required string Method { get; init; }

    /// <summary>The request-target as sent, e.g. <c>/cgi-bin/token?grant_type=...</c>.</summary>
    public required string Target { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>The raw head (request line and header lines) as received.</summary>
    public required string Head { get; init; }

    /// <summary>The body bytes kept (at most <see cref="HostileServer.MaxKeptBodyBytes"/>).</summary>
    public byte[] Body { get; set; } = [];

    /// <summary>How many body bytes arrived in all.</summary>
    public long BodyLength { get; set; }

    public string Path => Target.Split('?', 2)[0];

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>Everything that arrived as text: head and kept body.</summary>
    public string AllText => Head + "\r\n" + BodyText;

    public string? Header(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public override string ToString() => $"#{Connection} {Method} {Path}";
}
