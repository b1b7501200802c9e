namespace GenAuth.Hexagonal.Testing.Internal;

/// <summary>What the emulator knows about the request being handled; kept in <c>HttpContext.Items</c>.</summary>
internal sealed class RequestScope
{
    public static readonly object ItemKey = new();

    public required long Sequence { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required string Body { get; init; }

    public string Outcome { get; set; } = "ok";

    /// <summary>Set once the request has been written to the log (0 or 1).</summary>
    public int Logged;
}
