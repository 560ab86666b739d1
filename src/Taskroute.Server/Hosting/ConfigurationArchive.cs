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

    // Hashes whose file this process wrote or found intact: a start keeps the same configuration more than once.
    private readonly ConcurrentDictionary<string, bool> _onDisk = new(StringComparer.OrdinalIgnoreCase);

    private string Folder => Path.Combine(dataDirectory, FolderName);

    private string PathOf(string hash) => Path.Combine(Folder, hash.ToUpperInvariant() + ".json");

    /// <summary>Keeps <paramref name="configuration"/> under its hash, unless it is kept already; answers the hash.</summary>
    public string Keep(RoutingConfiguration configuration) => Keep(configuration, out _);

    /// <summary>
    /// As <see cref="Keep(RoutingConfiguration)"/>; <paramref name="written"/> says whether it was not
    /// kept before. A file found changed since it was written is written again.
    /// </summary>
    public string Keep(RoutingConfiguration configuration, out bool written)
    {
        var hash = RoutingEngine.ConfigurationHashOf(configuration);
        written = false;
        if (_onDisk.ContainsKey(hash))
        {
            _read[hash] = configuration;
            return hash;
        }
        var path = PathOf(hash);
        var existed = File.Exists(path);
        written = !existed;
        if (existed && Read(path, hash) is not null)
        {
            _read[hash] = configuration;
            _onDisk[hash] = true;
            return hash;
        }
        var partial = path + ".tmp";
        try
        {
            Directory.CreateDirectory(Folder);
            using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write))
            using (var text = new StreamWriter(file))
            {
                text.Write(ConfigurationFile.ToJson(configuration));
                text.Flush();
                // Durable before the journal can name it.
                file.Flush(flushToDisk: true);
            }
            // Read-only: a replay needs it as it was (edit a copy and give that). Its owner's only: it holds the feeds' API keys.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(partial, UnixFileMode.UserRead);
            File.Move(partial, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A disk full or read-only: the half-written copy is no use to a replay, and nothing names it yet.
            try { File.Delete(partial); } catch (Exception gone) when (gone is IOException or UnauthorizedAccessException) { }
            throw new ConfigurationNotKeptException($"the configuration could not be written to {Folder} ({ex.Message}); nothing was changed: free space there, or make it writable, and try again", ex);
        }
        _read[hash] = configuration;
        _onDisk[hash] = true;
        return hash;
    }

    /// <summary>
    /// Knows <paramref name="configuration"/> by its hash without writing it: a replay that needs it
    /// finds it even when its file went missing or was edited (the start given it then writes it again).
    /// </summary>
    public void Know(RoutingConfiguration configuration) => _read.TryAdd(RoutingEngine.ConfigurationHashOf(configuration), configuration);

    /// <summary>Why the configuration <paramref name="hash"/> cannot be found; null when it can.</summary>
    public string? WhyNotKept(string hash)
    {
        if (Find(hash) is not null) return null;
        var path = PathOf(hash);
        return File.Exists(path)
            ? $"{FolderName}/{Path.GetFileName(path)} was changed after it was written (it no longer reads as that configuration); start once with the file it was made from, which writes it again"
            : $"{FolderName}/{Path.GetFileName(path)} is missing; start once with the file it was made from, which writes it again";
    }

    /// <summary>Lets go of a configuration just kept that no journal record names (a change refused).</summary>
    public void Forget(string hash)
    {
        _read.TryRemove(hash, out _);
        _onDisk.TryRemove(hash, out _);
        File.Delete(PathOf(hash));
    }

    private string RunningPath => Path.Combine(Folder, "running");

    /// <summary>Notes which kept configuration the server runs under now, for readers of a stopped server's data directory.</summary>
    public void MarkRunning(RoutingConfiguration configuration)
    {
        var hash = Keep(configuration);
        var partial = RunningPath + ".tmp";
        File.WriteAllText(partial, hash + "\n");
        File.Move(partial, RunningPath, overwrite: true);
    }

    /// <summary>The configuration the server last ran under, as <see cref="MarkRunning"/> noted it; null when none was noted.</summary>
    public RoutingConfiguration? Running() =>
        File.Exists(RunningPath) ? Find(File.ReadAllText(RunningPath).Trim()) : null;

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
        if (!File.Exists(path) || Read(path, hash) is not { } read) return null;
        _read[hash] = read;
        return read;
    }

    // The file's configuration when it still hashes to its name; null otherwise.
    private static RoutingConfiguration? Read(string path, string hash)
    {
        RoutingConfiguration read;
        try
        {
            read = ConfigurationFile.ParseKept(File.ReadAllText(path));
        }
        catch (InvalidConfigurationException)
        {
            return null;
        }
        return string.Equals(RoutingEngine.ConfigurationHashOf(read), hash, StringComparison.OrdinalIgnoreCase) ? read : null;
    }
}
