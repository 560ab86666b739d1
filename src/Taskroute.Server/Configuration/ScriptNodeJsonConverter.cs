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
            "wait" => value.ValueKind == JsonValueKind.Number
                ? new WaitNode { Seconds = value.GetInt32() }
                : throw new JsonException("wait: a number of seconds"),
            "if" => ReadIf(value, options),
            "percent" => new PercentNode
            {
                Branches = NestedRead.As<List<PercentBranch>>(value, options, "percent") ?? throw new JsonException("percent: a list of {percent, nodes}"),
            },
            "label" => value.ValueKind == JsonValueKind.String ? new LabelNode { Label = value.GetString() ?? "" } : throw new JsonException("label: a name, as text"),
            "reject" => new RejectNode { Reason = value.ValueKind == JsonValueKind.String ? value.GetString() : null },
            _ => throw new JsonException($"unknown script node '{property.Name}'; a node is one of {string.Join(", ", Kinds)}"),
        };
    }

    private static IfNode ReadIf(JsonElement value, JsonSerializerOptions options)
    {
        if (!value.TryGetProperty("condition", out var condition)) throw new JsonException("if: a condition is required");
        return new IfNode
        {
            Condition = NestedRead.As<Condition>(condition, options, "if.condition") ?? throw new JsonException("if: a condition is required"),
            Then = value.TryGetProperty("then", out var then) ? NestedRead.As<List<ScriptNode>>(then, options, "if.then") ?? [] : [],
            Else = value.TryGetProperty("else", out var otherwise) ? NestedRead.As<List<ScriptNode>>(otherwise, options, "if.else") ?? [] : [],
        };
    }

    public override void Write(Utf8JsonWriter writer, ScriptNode value, JsonSerializerOptions options) =>
        throw new NotSupportedException("configuration is read, not written");
}
