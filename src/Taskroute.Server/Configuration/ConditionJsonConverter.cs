using System.Text.Json;
using System.Text.Json.Serialization;
using Taskroute.Core.Scripts;

namespace Taskroute.Server.Configuration;

/// <summary>
/// Reads a condition: <c>{all: [...]}</c>, <c>{any: [...]}</c>, <c>{not: {...}}</c>, or a comparison
/// <c>{operand: callVariable, number: 1, operator: equal, value: gold}</c>.
/// </summary>
public sealed class ConditionJsonConverter : JsonConverter<Condition>
{
    public override Condition Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var element = document.RootElement;
        if (element.ValueKind != JsonValueKind.Object) throw new JsonException("a condition is an object");
        CheckKeys(element);
        if (element.TryGetProperty("all", out var all)) return new AllOf { Conditions = NestedRead.As<List<Condition>>(all, options, "all") ?? [] };
        if (element.TryGetProperty("any", out var any)) return new AnyOf { Conditions = NestedRead.As<List<Condition>>(any, options, "any") ?? [] };
        if (element.TryGetProperty("not", out var not))
            return new Not { Condition = NestedRead.As<Condition>(not, options, "not") ?? throw new JsonException("not: a condition is required") };
        if (!element.TryGetProperty("operand", out _)) throw new JsonException("a condition needs all, any, not, or an operand to compare");
        return NestedRead.As<Comparison>(element, options, "comparison") ?? throw new JsonException("a comparison is required");
    }

    /// <summary>
    /// A mapping with all, any or not takes that key alone: any other would be dropped without a word
    /// (<c>{all: [...], any: [...]}</c> read as its all only), changing what the condition asks.
    /// </summary>
    private static void CheckKeys(JsonElement element)
    {
        var joins = element.EnumerateObject().Select(p => p.Name).Where(n => n is "all" or "any" or "not").ToList();
        if (joins.Count == 0) return;
        if (joins.Count > 1)
            throw new JsonException($"{string.Join(" and ", joins)} in one mapping: a condition is one of all, any or not (to combine them, put one inside the other)");
        foreach (var key in element.EnumerateObject())
            if (key.Name != joins[0]) throw new JsonException($"{key.Name}: {ConfigurationFile.UnknownField}");
    }

    // Written in the form read above, so a data directory can keep the configurations it ran under (ConfigurationArchive).
    public override void Write(Utf8JsonWriter writer, Condition value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value)
        {
            case Comparison c:
                JsonSerializer.Serialize(writer, c, options);
                return;
            case AllOf all:
                writer.WriteStartObject();
                writer.WritePropertyName("all");
                JsonSerializer.Serialize(writer, all.Conditions, options);
                break;
            case AnyOf any:
                writer.WriteStartObject();
                writer.WritePropertyName("any");
                JsonSerializer.Serialize(writer, any.Conditions, options);
                break;
            case Not not:
                writer.WriteStartObject();
                writer.WritePropertyName("not");
                JsonSerializer.Serialize(writer, not.Condition, options);
                break;
            default:
                throw new NotSupportedException($"a condition of kind {value?.GetType().Name} has no written form");
        }
        writer.WriteEndObject();
    }
}
