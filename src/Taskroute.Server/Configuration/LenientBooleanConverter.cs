using System.Text.Json;
using System.Text.Json.Serialization;

namespace Taskroute.Server.Configuration;

/// <summary>
/// Reads <c>"true"</c> and <c>"false"</c> in quotes as the booleans, as numbers in quotes are read as
/// numbers: in YAML, quoting a scalar is a habit, not a change of meaning, and <c>interruptible: "false"</c>
/// means what <c>interruptible: false</c> does.
/// </summary>
public sealed class LenientBooleanConverter : JsonConverter<bool>
{
    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        // The same spellings YAML reads as booleans unquoted (true, True, TRUE), and no others: "yes" stays text.
        JsonTokenType.String when bool.TryParse(reader.GetString(), out var value) => value,
        // No message: the serializer's own, which the loader words as "must be true or false".
        _ => throw new JsonException(),
    };

    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
}
