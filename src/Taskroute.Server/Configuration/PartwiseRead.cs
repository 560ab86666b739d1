using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Taskroute.Core.Configuration;

namespace Taskroute.Server.Configuration;

/// <summary>
/// The serializer stops at a file's first bad field. When it does, each section's entries are read
/// again one by one, so that the author is told every bad field of the file in one run, not one per
/// run.
/// </summary>
internal static class PartwiseRead
{
    private static readonly PropertyInfo[] Sections = typeof(RoutingConfiguration).GetProperties(BindingFlags.Public | BindingFlags.Instance);

    /// <summary>Every problem reading the file's sections meets, each with its path; none when each part reads alone.</summary>
    public static List<ConfigurationError> Problems(JsonObject root, JsonSerializerOptions options)
    {
        var problems = new List<ConfigurationError>();
        var known = Sections.ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.Ordinal);
        foreach (var (name, value) in root)
        {
            if (!known.TryGetValue(name, out var section))
            {
                problems.Add(new ConfigurationError(name, ConfigurationFile.UnknownField));
                continue;
            }
            var element = ElementType(section.PropertyType);
            if (element is not null && value is JsonArray entries)
            {
                for (var i = 0; i < entries.Count; i++)
                    Read(entries[i], element, $"{name}[{i}]", options, problems);
            }
            else
            {
                Read(value, section.PropertyType, name, options, problems);
            }
        }
        return problems;
    }

    /// <summary>The accounts section's entries, read one by one for the same reason.</summary>
    public static List<ConfigurationError> Problems(JsonArray accounts, JsonSerializerOptions options)
    {
        var problems = new List<ConfigurationError>();
        for (var i = 0; i < accounts.Count; i++) Read(accounts[i], typeof(AccountConfig), $"accounts[{i}]", options, problems);
        return problems;
    }

    private static void Read(JsonNode? node, Type type, string path, JsonSerializerOptions options, List<ConfigurationError> problems)
    {
        try
        {
            node.Deserialize(type, options);
        }
        catch (JsonException ex)
        {
            var inner = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : ex.Path.TrimStart('$');
            problems.Add(new ConfigurationError(path + inner, ConfigurationFile.Friendly(ex)));
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or FormatException)
        {
            problems.Add(new ConfigurationError(path, ex.Message));
        }
    }

    private static Type? ElementType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0] : null;
}
