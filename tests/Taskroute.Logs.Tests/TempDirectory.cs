namespace Taskroute.Logs.Tests;

/// <summary>A fresh directory for one test, removed afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("taskroute-logs-").FullName;

    public ComponentLogSettings Settings(long rotationBytes = 10 * 1024 * 1024, int maxFiles = 100) => new()
    {
        Directory = Path,
        UtcOffset = SeedFlow.Offset,
        RotationBytes = rotationBytes,
        MaxFilesPerComponent = maxFiles,
        FlushInterval = TimeSpan.Zero,
    };

    public string Read(ComponentLog component)
    {
        var folder = System.IO.Path.Combine(Path, ComponentLogNames.Of(component));
        if (!Directory.Exists(folder)) return "";
        return string.Concat(Directory.GetFiles(folder, "*.log").Order(StringComparer.Ordinal).Select(File.ReadAllText));
    }

    public string[] Files(ComponentLog component)
    {
        var folder = System.IO.Path.Combine(Path, ComponentLogNames.Of(component));
        return Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder).Select(f => System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal)]
            : [];
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
