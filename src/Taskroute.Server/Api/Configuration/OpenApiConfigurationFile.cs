using System.Collections;
using System.Reflection;
using System.Text.Json;
using Microsoft.OpenApi;
using Taskroute.Core.Configuration;

namespace Taskroute.Server.Api.Configuration;

/// <summary>
/// The configuration file in the OpenAPI document: its top-level fields, from the type the file is
/// read into. Its sections are described by docs/examples/taskroute.yaml and checked by the server
/// (PUT names each mistake); the file's own reader (quoted numbers, script nodes, conditions) is not
/// the API's JSON, so the framework's schema of the type would say the sections wrongly.
/// </summary>
internal static class OpenApiConfigurationFile
{
    public static OpenApiSchema Schema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "A configuration file, as --config reads it (docs/examples/taskroute.yaml); its accounts are not shown.",
        Properties = typeof(RoutingConfiguration).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), p => (IOpenApiSchema)new OpenApiSchema { Type = TypeOf(p.PropertyType) }),
    };

    private static JsonSchemaType TypeOf(Type type) =>
        type == typeof(int) || type == typeof(long) ? JsonSchemaType.Integer
        : type == typeof(bool) ? JsonSchemaType.Boolean
        : type == typeof(string) ? JsonSchemaType.String
        : typeof(IEnumerable).IsAssignableFrom(type) ? JsonSchemaType.Array
        : JsonSchemaType.Object;
}
