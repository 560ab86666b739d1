using System.Text.Json;
using System.Text.Json.Serialization;

namespace Taskroute.Server.Api;

/// <summary>
/// How the JSON APIs read numbers. ASP.NET Core's web defaults read <c>"5"</c> as 5, and the OpenAPI
/// document then declares every number as "a number or a string matching a pattern", while a boolean
/// sent as a string is refused: a client could not tell what it may send, and a client's slip
/// (a form field sent as text) passed unnoticed. A number is a number here, and the document says so.
/// The configuration file keeps reading quoted numbers: YAML authors quote out of habit (docs/operations.md).
/// </summary>
internal static class JsonApiOptions
{
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.NumberHandling = JsonNumberHandling.Strict;
        return options;
    }
}
