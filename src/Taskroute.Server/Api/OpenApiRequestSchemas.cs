using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Taskroute.Logs;
using Taskroute.Server.Api.Agents;
using Taskroute.Server.Api.Logs;

namespace Taskroute.Server.Api;

/// <summary>
/// The values the agent and log APIs take, in the OpenAPI document. Their requests are read as
/// strings so that a bad one is refused naming the values it may be (rather than by the JSON
/// reader), which left the document saying "any string".
/// </summary>
internal static class OpenApiRequestSchemas
{
    public static OpenApiOptions AddRequestSchemas(this OpenApiOptions options)
    {
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
            if (type.IsEnum && schema.Type is null && schema.Enum is { Count: > 0 } values && values.All(v => v?.GetValueKind() == System.Text.Json.JsonValueKind.String))
            {
                // Enums written by name were declared with their names but no type.
                schema.Type = JsonSchemaType.String;
                return Task.CompletedTask;
            }
            if (context.JsonPropertyInfo is not null) return Task.CompletedTask;
            if (type == typeof(MediaChange))
            {
                // Each may be left out, or sent as null, as a generated client sends what it does not set.
                Restrict(schema, "state", nullable: true, "LOGIN", "READY", "NOT_READY", "LOGOUT");
                Restrict(schema, "interruptAction", nullable: true, "ACCEPT", "IGNORE");
                Restrict(schema, "dialogLogoutAction", nullable: true, "CLOSE", "TRANSFER");
            }
            else if (type == typeof(DialogChange))
            {
                Restrict(schema, "action", nullable: false, "ACCEPT", "START", "PAUSE", "RESUME", "WRAP_UP", "CLOSE", "TRANSFER");
                (schema.Required ??= new HashSet<string>()).Add("action");
            }
            else if (type == typeof(LogEndpoints.LevelChange))
            {
                Restrict(schema, "level", nullable: false, Enum.GetNames<ComponentLogLevel>());
                // A change without a level is refused (400), as a dialog step without an action is.
                (schema.Required ??= new HashSet<string>()).Add("level");
            }
            return Task.CompletedTask;
        });
        return options;
    }

    private static void Restrict(OpenApiSchema schema, string property, bool nullable, params string[] values)
    {
        if (schema.Properties?.ContainsKey(property) != true) return;
        var description = schema.Properties[property].Description;
        schema.Properties[property] = new OpenApiSchema
        {
            Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String,
            Description = description,
            // JSON null among the values, as the serializer writes it (a C# null would be left out).
            Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v)), .. nullable ? new[] { JsonNullSentinel.JsonNull } : []],
        };
    }
}
