using System.Text.Json;

namespace Taskroute.Logs;

/// <summary>
/// The levels file: <c>{"webservices": "TRACE", ...}</c>, one entry per component whose level was
/// set. Written to a temporary file and moved into place, so a crash leaves the old or the new one.
/// </summary>
internal static class LevelStore
{
    public static ComponentLogLevel[] Load(string path)
    {
        var levels = new ComponentLogLevel[ComponentLogNames.All.Count];
        Array.Fill(levels, ComponentLogLevel.INFO);
        if (!File.Exists(path)) return levels;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var component = ComponentLogNames.ParseComponent(property.Name);
                levels[(int)component] = ComponentLogNames.ParseLevel(property.Value.GetString() ?? "");
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ComponentLogException)
        {
            throw new ComponentLogException($"{path}: not a valid levels file ({e.Message})", e);
        }
        return levels;
    }

    public static void Save(string path, ReadOnlySpan<ComponentLogLevel> levels)
    {
        // Setting a level before any line is written makes the logs' folder: made as the logs make it.
        PrivateFiles.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            for (var i = 0; i < levels.Length; i++) json.WriteString(ComponentLogNames.Of((ComponentLog)i), levels[i].ToString());
            json.WriteEndObject();
        }
        File.Move(temporary, path, overwrite: true);
    }
}
