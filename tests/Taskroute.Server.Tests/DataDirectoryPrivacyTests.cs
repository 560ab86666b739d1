namespace Taskroute.Server.Tests;

/// <summary>A data directory others on the machine may read (one an older build made under the usual umask) is said once at start, and left as it is.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryPrivacyTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly string _directory = Directory.CreateTempSubdirectory("taskroute-privacy-").FullName;

    public void Dispose() => TestServer.TryDelete(_directory);

    [Fact]
    public async Task A_data_directory_an_older_build_left_readable_by_others_is_said_once_at_start_with_the_chmod_that_fixes_it_and_left_as_it_is()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Path.Combine(_directory, "data");
        await using (await TestServer.StartAsync(data)) { }
        // As an older build left it under umask 0022.
        var older = OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        var olderFile = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(data, older);
        File.SetUnixFileMode(Path.Combine(data, "journal.db"), olderFile);

        await using (var server = await ChildServer.StartAsync(data, ct))
        {
            await server.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(30), ct);
            await server.WaitForOutputAsync("can be read by users of this machine other than its owner", TimeSpan.FromSeconds(30), ct);
            var output = server.Output;
            Assert.Equal(1, output.Split("can be read by users of this machine other than its owner").Length - 1);
            Assert.Contains($"The data directory {data} can be read by users of this machine other than its owner (mode 0755, journal.db 0644)", output, StringComparison.Ordinal);
            Assert.Contains($"Make it its owner's only with chmod -R go-rwx {data}", output, StringComparison.Ordinal);
        }
        Assert.Equal(older, File.GetUnixFileMode(data));
        Assert.Equal(olderFile, File.GetUnixFileMode(Path.Combine(data, "journal.db")));

        // Once the directory is its owner's only its files are out of reach, whatever their own modes: nothing is said.
        File.SetUnixFileMode(data, OwnerOnly);
        await using (var quiet = await ChildServer.StartAsync(data, ct))
        {
            await quiet.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(30), ct);
            // Stopped first: the console logger writes on a thread of its own, and its last lines are out once the process has ended.
            await quiet.SignalAsync("TERM", ct);
            Assert.Equal(0, await quiet.WaitForExitAsync(TimeSpan.FromSeconds(30), ct));
            Assert.DoesNotContain("can be read by users of this machine", quiet.Output, StringComparison.Ordinal);
        }
    }
}
