using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Taskroute.Core.Scripts;

namespace Taskroute.Server.Configuration;

/// <summary>
/// Reads a routing script node written as an object with one key naming its kind:
/// <c>{queue: {...}}</c>, <c>{wait: 30}</c>, <c>{if: {condition, then, else}}</c>,
/// <c>{percent: [{percent, nodes}]}</c>, <c>{label: "x"}</c> or <c>{reject: "reason"}</c>.
/// </summary>
public sealed class ScriptNodeJsonConverter : JsonConverter<ScriptNode>
{
    private static readonly string[] Kinds = ["queue", "wait", "if", "percent", "label", "reject"];

    public override ScriptNode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var node = document.RootElement;
        if (node.ValueKind != JsonValueKind.Object || node.EnumerateObject().Count() != 1)
            throw new JsonException($"a script node is an object with one key: {string.Join(", ", Kinds)}");
        var property = node.EnumerateObject().First();
        var value = property.Value;
        return property.Name switch
        {
            "queue" => NestedRead.As<QueueNode>(value, options, "queue") ?? throw new JsonException("queue: the node's settings are required"),
            "wait" => new WaitNode { Seconds = ReadSeconds(value) },
            "if" => ReadIf(value, options),
            "percent" => new PercentNode
            {
                Branches = NestedRead.As<List<PercentBranch>>(value, options, "percent") ?? throw new JsonException("percent: a list of {percent, nodes}"),
            },
            "label" => value.ValueKind == JsonValueKind.String ? new LabelNode { Label = value.GetString() ?? "" } : throw new JsonException("label: a name, as text"),
            "reject" => new RejectNode { Reason = ReadReason(value) },
            _ => throw new JsonException($"unknown script node '{property.Name}'; a node is one of {string.Join(", ", Kinds)}"),
        };
    }

    private static int ReadSeconds(JsonElement value)
    {
        // Quoted or not, as for every number in the file: "30" is 30.
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var seconds)) return seconds;
        if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seconds)) return seconds;
        if (value.ValueKind == JsonValueKind.Number) throw new JsonException($"wait: a whole number of seconds (got {value.GetRawText()})");
        throw new JsonException(value.ValueKind == JsonValueKind.String ? $"wait: a number of seconds (got '{value.GetString()}')" : "wait: a number of seconds");
    }

    private static string? ReadReason(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        // No reason: the router gives its own.
        JsonValueKind.Null => null,
        // A number or true would otherwise be dropped for the router's reason without a word.
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False =>
            throw new JsonException($"reject: a reason, as text (got {value.GetRawText()}; in quotes, it is taken as the reason)"),
        _ => throw new JsonException("reject: a reason, as text"),
    };

    private static IfNode ReadIf(JsonElement value, JsonSerializerOptions options)
    {
        if (value.ValueKind != JsonValueKind.Object) throw new JsonException("if: a mapping of condition, then and else");
        // A misspelt else (els:) would otherwise leave the node with no else, and its tasks unrouted.
        foreach (var key in value.EnumerateObject())
            if (key.Name is not ("condition" or "then" or "else")) throw new JsonException($"if.{key.Name}: {ConfigurationFile.UnknownField}");
        if (!value.TryGetProperty("condition", out var condition)) throw new JsonException("if: a condition is required");
        return new IfNode
        {
            Condition = NestedRead.As<Condition>(condition, options, "if.condition") ?? throw new JsonException("if: a condition is required"),
            Then = value.TryGetProperty("then", out var then) ? NestedRead.As<List<ScriptNode>>(then, options, "if.then") ?? [] : [],
            Else = value.TryGetProperty("else", out var otherwise) ? NestedRead.As<List<ScriptNode>>(otherwise, options, "if.else") ?? [] : [],
        };
    }

    // Written in the form read above, so a data directory can keep the configurations it ran under (ConfigurationArchive).
    public override void Write(Utf8JsonWriter writer, ScriptNode value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        switch (value)
        {
            case QueueNode q:
                writer.WritePropertyName("queue");
                JsonSerializer.Serialize(writer, q, options);
                break;
            case WaitNode w:
                writer.WriteNumber("wait", w.Seconds);
                break;
            case IfNode f:
                writer.WriteStartObject("if");
                writer.WritePropertyName("condition");
                JsonSerializer.Serialize(writer, f.Condition, options);
                writer.WritePropertyName("then");
                JsonSerializer.Serialize(writer, f.Then, options);
                writer.WritePropertyName("else");
                JsonSerializer.Serialize(writer, f.Else, options);
                writer.WriteEndObject();
                break;
            case PercentNode p:
                writer.WritePropertyName("percent");
                JsonSerializer.Serialize(writer, p.Branches, options);
                break;
            case LabelNode l:
                writer.WriteString("label", l.Label);
                break;
            case RejectNode r:
                if (r.Reason is null) writer.WriteNull("reject");
                else writer.WriteString("reject", r.Reason);
                break;
            default:
                throw new NotSupportedException($"a script node of kind {value?.GetType().Name} has no written form");
        }
        writer.WriteEndObject();
    }
}
