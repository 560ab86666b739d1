using System.Text.Json;

namespace Taskroute.Server.Configuration;

/// <summary>
/// Reads part of a node a converter took apart. A problem found there carries a path from that part
/// only, and the serializer then leaves the outer path off; said again as "where.inside: what", it
/// gets the outer path too, so the author is told <c>scripts[0].nodes[2]: queue.skillGroup: unknown field</c>.
/// </summary>
internal static class NestedRead
{
    public static T? As<T>(JsonElement value, JsonSerializerOptions options, string where)
    {
        try
        {
            return value.Deserialize<T>(options);
        }
        catch (JsonException inner)
        {
            var path = inner.Path is { Length: > 1 } p && p.StartsWith('$') ? p[1..] : "";
            throw new JsonException($"{where}{(path.StartsWith('[') || path.Length == 0 ? path : "." + path.TrimStart('.'))}: {ConfigurationFile.Friendly(inner)}", inner);
        }
    }
}
