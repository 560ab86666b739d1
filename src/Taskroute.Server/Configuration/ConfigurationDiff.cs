using System.Globalization;
using System.Text.Json.Nodes;
using Taskroute.Core.Configuration;

namespace Taskroute.Server.Configuration;

/// <summary>
/// What a configuration change changes, one line per entity added, removed or changed, in the
/// words an administrator reviews a change in before making it, with what the change does not do
/// to work already running.
/// </summary>
public static class ConfigurationDiff
{
    // Each section's entities and the field that names them, in the file's order.
    private static readonly (string Section, string Key, string What)[] Sections =
    [
        ("mrds", "id", "MRD"),
        ("skillGroups", "id", "skill group"),
        ("attributes", "name", "attribute"),
        ("precisionQueues", "id", "precision queue"),
        ("agents", "id", "agent"),
        ("scriptSelectors", "name", "script selector"),
        ("taskFeeds", "id", "task feed"),
        ("notReadyReasonCodes", "code", "Not Ready reason"),
        ("logoutReasonCodes", "code", "sign-out reason"),
    ];

    // Never shown with their values: a change to them is said, the secret is not.
    private static readonly HashSet<string> Secret = new(StringComparer.Ordinal) { "apiKey" };

    private static readonly HashSet<string> Deadlines = new(StringComparer.Ordinal)
    {
        "taskStartTimeoutSeconds", "taskLifeSeconds", "maxTimeInQueueSeconds", "maxTaskDurationSeconds",
    };

    public static IReadOnlyList<string> Between(RoutingConfiguration from, RoutingConfiguration to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var before = (JsonObject)JsonNode.Parse(ConfigurationFile.ToJson(from))!;
        var after = (JsonObject)JsonNode.Parse(ConfigurationFile.ToJson(to))!;
        var lines = new List<string>();
        var sectioned = Sections.Select(s => s.Section).ToHashSet(StringComparer.Ordinal);
        var fields = Fields(before, after, sectioned);
        if (fields.Count > 0) lines.Add("the centre's " + string.Join(", ", fields));
        foreach (var (section, key, what) in Sections)
        {
            var old = Keyed(before[section] as JsonArray, key);
            var now = Keyed(after[section] as JsonArray, key);
            foreach (var (id, entity) in now)
            {
                if (!old.TryGetValue(id, out var was)) lines.Add($"{what} {Named(id, entity, key)} is added");
                else if (Fields(was, entity, []) is { Count: > 0 } changed) lines.Add($"{what} {Named(id, entity, key)} changes {string.Join(", ", changed)}{Note(section, changed)}");
            }
            foreach (var (id, entity) in old)
                if (!now.ContainsKey(id)) lines.Add($"{what} {Named(id, entity, key)} is removed");
        }
        return lines;
    }

    private static Dictionary<string, JsonObject> Keyed(JsonArray? list, string key)
    {
        var keyed = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var item in list ?? [])
            if (item is JsonObject entity && entity[key] is { } id) keyed.TryAdd(id.ToJsonString(), entity);
        return keyed;
    }

    private static string Named(string id, JsonObject entity, string key)
    {
        var shown = key is "name" ? $"'{entity[key]!.GetValue<string>()}'" : id;
        return entity["loginId"] is JsonValue login ? $"{shown} (login {login})"
            : Text(entity["name"]) is { } name && key is not "name" ? $"{shown} ({name})"
            : Text(entity["label"]) is { } label ? $"{shown} ({label})"
            : shown;

        static string? Text(JsonNode? value) => value is JsonValue v && v.ToString() is { Length: > 0 } text ? text : null;
    }

    // The fields whose value differs, each with its values where they are short and not secret.
    private static List<string> Fields(JsonObject before, JsonObject after, HashSet<string> skip)
    {
        var changed = new List<string>();
        foreach (var name in before.Select(p => p.Key).Union(after.Select(p => p.Key), StringComparer.Ordinal))
        {
            if (skip.Contains(name)) continue;
            var was = before[name];
            var now = after[name];
            if (JsonNode.DeepEquals(was, now)) continue;
            changed.Add(Secret.Contains(name) || was is JsonArray or JsonObject || now is JsonArray or JsonObject
                ? name
                : $"{name} ({Shown(was)} → {Shown(now)})");
        }
        return changed;
    }

    private static string Shown(JsonNode? value) => value is null ? "none" : value.ToJsonString();

    private static string Note(string section, List<string> changed)
    {
        var notes = new List<string>();
        if (section == "mrds" && changed.Any(c => c.StartsWith("maxTasksPerAgent", StringComparison.Ordinal)))
            notes.Add("agents signed in keep the limit they signed in with until they sign in again");
        if (changed.Any(c => Deadlines.Contains(c.Split(' ')[0])))
            notes.Add("offers and waits already running keep the deadlines they started with");
        return notes.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $": {string.Join("; ", notes)}");
    }
}
