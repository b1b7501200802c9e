namespace GenAuth.Hexagonal.Testing;

/// <summary>Answers HTTP 200 with a raw body. Created by <see cref="EmulatorFault.Body"/> and <see cref="EmulatorFault.LargeBody"/>.</summary>
/// <param name="Content">The body, sent as UTF-8.</param>
/// <param name="ContentType">The body's content type.</param>
public sealed record BodyFault(string Content, string ContentType) : EmulatorFault
{
    /// <summary>Shows the content type and the body's length (bodies can be megabytes long).</summary>
    /// <returns>For example <c>BodyFault { ContentType = application/json, Length = 12 }</c>.</returns>
    public override string ToString() => $"BodyFault {{ ContentType = {ContentType}, Length = {Content.Length} }}";
}
