using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Taskroute.Server.Tests;

/// <summary>Component logs moved out of the data directory (Taskroute:LogsDirectory) are kept as privately as the data directory.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ComponentLogFolderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("taskroute-logs-folder-").FullName;

    public void Dispose() => TestServer.TryDelete(_directory);

    [Fact]
    public async Task A_logs_directory_the_server_makes_is_0700_and_its_files_0600_with_no_warning()
    {
        var logs = Path.Combine(_directory, "var", "log", "taskroute");
        await using var server = await TestServer.StartAsync(Path.Combine(_directory, "data"), configure: o => o.LogsDirectory = logs);
        using var submitted = await server.Client.PostAsJsonAsync("/api/v1/tasks",
            new { name = "Ann", title = "Refund", scriptSelector = "CumulusTask", callVariables = new Dictionary<string, string> { ["1"] = "gold" } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        // The logs API flushes what the writer holds, so the pim file is on disk once it answers.
        using var listed = await server.SendAs("sup1", HttpMethod.Get, "/api/v1/logs/pim");
        var file = Assert.Single((await listed.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("files").EnumerateArray()).GetProperty("path").GetString()!;

        const UnixFileMode owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(owner, File.GetUnixFileMode(logs));
        Assert.Equal(owner, File.GetUnixFileMode(Path.Combine(_directory, "var")));
        Assert.Equal(owner, File.GetUnixFileMode(Path.Combine(logs, "pim")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(logs, "pim", file)));
    }

    [Fact]
    public async Task A_logs_directory_others_may_read_is_left_as_it_is_and_said_once_at_start()
    {
        var ct = TestContext.Current.CancellationToken;
        // An installer's /var/log/taskroute, made under the usual umask.
        var logs = Path.Combine(_directory, "installed");
        var installed = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        Directory.CreateDirectory(logs, installed);
        File.SetUnixFileMode(logs, installed);
        await using (var server = await ChildServer.StartAsync(Path.Combine(_directory, "data"), new Dictionary<string, string> { ["Taskroute__LogsDirectory"] = logs }, ct))
        {
            await server.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(30), ct);
            // The console logger writes on a thread of its own: the warning may come after the banner.
            await server.WaitForOutputAsync("component logs' folder", TimeSpan.FromSeconds(30), ct);
            var output = server.Output;
            Assert.Equal(1, output.Split("component logs' folder").Length - 1);
            Assert.Contains($"The component logs' folder {logs} (Taskroute:LogsDirectory) can be read by other users of this machine (mode 0755): its files hold personal data", output, StringComparison.Ordinal);
        }
        Assert.Equal(installed, File.GetUnixFileMode(logs));

        // Only other users count: a folder its group may read is the owner's choice, said nothing of.
        var group = Path.Combine(_directory, "group");
        Directory.CreateDirectory(group);
        File.SetUnixFileMode(group, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        await using (var quiet = await ChildServer.StartAsync(Path.Combine(_directory, "data"), new Dictionary<string, string> { ["Taskroute__LogsDirectory"] = group }, ct))
        {
            await quiet.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromSeconds(30), ct);
            Assert.DoesNotContain("component logs' folder", quiet.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Logs_fetched_from_a_server_with_logs_get_out_are_written_0600()
    {
        await using var server = await TestServer.StartAsync(Path.Combine(_directory, "data"));
        using var submitted = await server.Client.PostAsJsonAsync("/api/v1/tasks",
            new { name = "Ann", title = "Refund", scriptSelector = "CumulusTask", callVariables = new Dictionary<string, string> { ["1"] = "gold" } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);

        var output = Path.Combine(_directory, "fetched");
        var run = await CliRun.RunAsync("logs", "get", "pim", "--server", server.Client.BaseAddress!.ToString(), "--user", "sup1", "--password", "lab", "--out", output);
        Assert.True(run.ExitCode == 0, run.Error);
        var files = Directory.GetFiles(output, "*.log", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(output));
    }
}
