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

    [Fact]
    public async Task With_allowed_hosts_named_another_host_is_refused_rather_than_echoed_into_the_location()
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-host-").FullName;
        await using var app = TaskrouteServer.Build(new ServerOptions { Urls = "http://127.0.0.1:0", DataDirectory = directory, MeterName = "Taskroute.Test." + Guid.NewGuid().ToString("N") },
            LabConfiguration.Create(), args: ["--AllowedHosts=taskroute.example.com;127.0.0.1"]);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        HttpRequestMessage Submit(string host)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/ccp/task/feed/100000") { Content = new StringContent("<Task><name>n</name><title>t</title></Task>", System.Text.Encoding.UTF8, "application/xml") };
            request.Headers.Host = host;
            return request;
        }

        using var refused = await client.SendAsync(Submit("evil.example"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Null(refused.Headers.Location);
        using var taken = await client.SendAsync(Submit("taskroute.example.com"));
        Assert.Equal(System.Net.HttpStatusCode.Created, taken.StatusCode);
        Assert.Equal("taskroute.example.com", taken.Headers.Location!.Host);
        // Through a proxy on this host, the client's Host comes as X-Forwarded-Host: a forged one is not taken either.
        using (var proxied = Submit("127.0.0.1"))
        {
            proxied.Headers.Add("X-Forwarded-Host", "evil.example");
            using var answer = await client.SendAsync(proxied);
            Assert.NotEqual("evil.example", answer.Headers.Location?.Host);
        }
        await app.StopAsync();
    }
}
