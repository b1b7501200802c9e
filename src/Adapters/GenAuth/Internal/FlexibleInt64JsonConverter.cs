using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>
/// Reads an integer written as a JSON number (<c>1795559059</c>) or a numeric string (<c>"1795559059"</c>): the
/// official SDK models disagree on the type of <c>expiresAt</c>. Anything else is a <see cref="JsonException"/>.
/// </summary>
internal sealed class FlexibleInt64JsonConverter : JsonConverter<long?>
{
    public override bool HandleNull => true;

    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out var number):
                return number;
            case JsonTokenType.String:
                var span = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
                if (Utf8Parser.TryParse(span, out long parsed, out var consumed) && consumed == span.Length && span.Length > 0)
                {
                    return parsed;
                }

                throw new JsonException("Expected an integer or a numeric string.");
            default:
                throw new JsonException($"Expected an integer or a numeric string, found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteNumberValue(value.Value);
        }
    }
}
