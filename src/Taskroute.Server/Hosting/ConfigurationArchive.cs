using System.Collections.Concurrent;
using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Server.Configuration;

namespace Taskroute.Server.Hosting;

/// <summary>
/// Every configuration a data directory's journal ran under, kept by hash in
/// <c>configurations/HASH.json</c>: the journal names a configuration change by its hash, and a
/// replay needs the configuration itself, whatever file the server starts with now. Written once,
/// never changed; read back only when its hash checks out.
/// </summary>
public sealed class ConfigurationArchive(string dataDirectory)
{
    /// <summary>The folder, in the data directory, that holds the configurations.</summary>
    public const string FolderName = "configurations";

    private readonly ConcurrentDictionary<string, RoutingConfiguration> _read = new(StringComparer.OrdinalIgnoreCase);

    private string Folder => Path.Combine(dataDirectory, FolderName);

    private string PathOf(string hash) => Path.Combine(Folder, hash.ToUpperInvariant() + ".json");

    /// <summary>Keeps <paramref name="configuration"/> under its hash, unless it is kept already; answers the hash.</summary>
    public string Keep(RoutingConfiguration configuration) => Keep(configuration, out _);

    /// <summary>As <see cref="Keep(RoutingConfiguration)"/>; <paramref name="written"/> says whether it was not kept before.</summary>
    public string Keep(RoutingConfiguration configuration, out bool written)
    {
        var hash = RoutingEngine.ConfigurationHashOf(configuration);
        _read[hash] = configuration;
        var path = PathOf(hash);
        written = !File.Exists(path);
        if (!written) return hash;
        Directory.CreateDirectory(Folder);
        var partial = path + ".tmp";
        using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write))
        using (var text = new StreamWriter(file))
        {
            text.Write(ConfigurationFile.ToJson(configuration));
            text.Flush();
            // Durable before the journal can name it.
            file.Flush(flushToDisk: true);
        }
        File.Move(partial, path, overwrite: true);
        return hash;
    }

    /// <summary>Lets go of a configuration just kept that no journal record names (a change refused).</summary>
    public void Forget(string hash)
    {
        _read.TryRemove(hash, out _);
        File.Delete(PathOf(hash));
    }

    /// <summary>Every configuration kept, oldest file first.</summary>
    public IEnumerable<RoutingConfiguration> All()
    {
        if (!Directory.Exists(Folder)) yield break;
        foreach (var file in new DirectoryInfo(Folder).GetFiles("*.json").OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal))
            if (Find(Path.GetFileNameWithoutExtension(file.Name)) is { } kept) yield return kept;
    }

    /// <summary>The configuration kept under <paramref name="hash"/>; null when none is, or the file no longer hashes to it.</summary>
    public RoutingConfiguration? Find(string hash)
    {
        if (_read.TryGetValue(hash, out var known)) return known;
        var path = PathOf(hash);
        if (!File.Exists(path)) return null;
        RoutingConfiguration read;
        try
        {
            read = ConfigurationFile.Parse(File.ReadAllText(path), isYaml: false);
        }
        catch (InvalidConfigurationException)
        {
            return null;
        }
        if (!string.Equals(RoutingEngine.ConfigurationHashOf(read), hash, StringComparison.OrdinalIgnoreCase)) return null;
        _read[hash] = read;
        return read;
    }
}
