using Microsoft.Extensions.Configuration;
using Taskroute.Core.Lab;
using Taskroute.Server.Hosting;

namespace Taskroute.Server.Tests;

public class HostConfigurationTests
{
    [Fact]
    public async Task The_server_does_not_watch_its_working_directory_for_settings_changes()
    {
        // A watcher on the content root wakes for every journal and log write under it.
        var directory = Directory.CreateTempSubdirectory("taskroute-host-").FullName;
        await using var app = TaskrouteServer.Build(new ServerOptions { Urls = "http://127.0.0.1:0", DataDirectory = directory }, LabConfiguration.Create());
        var files = ((IConfigurationRoot)app.Configuration).Providers.OfType<FileConfigurationProvider>().ToList();
        Assert.Contains(files, f => f.Source.Path == "appsettings.json");
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, $"{f.Source.Path} is watched for changes"));
    }
}
