namespace Taskroute.Logs.Tests;

/// <summary>
/// The component logs hold customers' call and ECC variables: what Taskroute creates for them (and
/// for their copies) is its owner's only, wherever the logs are put; what exists keeps its modes.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateFilesTests : IDisposable
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Logs_put_where_no_folder_is_yet_make_every_folder_0700_and_every_file_0600()
    {
        // As Taskroute__LogsDirectory=/var/log/taskroute on a machine with neither folder.
        var logs = Path.Combine(_dir.Path, "var", "log", "taskroute");
        using (var writer = new ComponentLogWriter(_dir.Settings() with { Directory = logs }))
        {
            foreach (var batch in SeedFlow.Batches()) writer.Write(batch);
            writer.SetLevel(ComponentLog.Pim, ComponentLogLevel.DEBUG);
        }

        foreach (var folder in (string[])[Path.Combine(_dir.Path, "var"), Path.Combine(_dir.Path, "var", "log"), logs])
            Assert.Equal(Folder, File.GetUnixFileMode(folder));
        var components = Directory.GetDirectories(logs);
        Assert.Equal(ComponentLogNames.All.Count, components.Length);
        Assert.All(components, c => Assert.Equal(Folder, File.GetUnixFileMode(c)));
        var files = Directory.GetFiles(logs, "*.log", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.Equal(File600, File.GetUnixFileMode(f)));
    }

    [Fact]
    public void A_logs_folder_that_exists_keeps_the_modes_its_owner_gave_it()
    {
        var shared = Folder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
        var logs = Path.Combine(_dir.Path, "logs");
        Directory.CreateDirectory(logs, shared);
        using (var writer = new ComponentLogWriter(_dir.Settings() with { Directory = logs }))
        {
            foreach (var batch in SeedFlow.Batches()) writer.Write(batch);
        }
        Assert.Equal(shared, File.GetUnixFileMode(logs));
        // Below it, what the logs made themselves is private all the same.
        Assert.Equal(Folder, File.GetUnixFileMode(Path.Combine(logs, "pim")));
    }

    [Fact]
    public void Copies_taken_with_logs_get_out_are_0600_in_folders_made_0700_plain_or_zipped()
    {
        using (var writer = new ComponentLogWriter(_dir.Settings()))
        {
            foreach (var batch in SeedFlow.Batches()) writer.Write(batch);
        }
        var files = LogFileSelection.Select(_dir.Path, null, new LogFileQuery());
        Assert.NotEmpty(files);

        var output = Path.Combine(_dir.Path + "-out", "new");
        try
        {
            var plain = LogFileSelection.Copy(files, output, compress: false, DateTimeOffset.UtcNow);
            Assert.Equal(Folder, File.GetUnixFileMode(output));
            Assert.All(plain, f => Assert.Equal(File600, File.GetUnixFileMode(f)));
            Assert.All(plain, f => Assert.Equal(Folder, File.GetUnixFileMode(Path.GetDirectoryName(f)!)));

            var zip = Assert.Single(LogFileSelection.Copy(files, output, compress: true, DateTimeOffset.UtcNow));
            Assert.Equal(File600, File.GetUnixFileMode(zip));
        }
        finally
        {
            Directory.Delete(_dir.Path + "-out", recursive: true);
        }
    }
}
