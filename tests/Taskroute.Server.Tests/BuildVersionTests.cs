using System.Net.Http.Json;
using System.Text.Json;

namespace Taskroute.Server.Tests;

/// <summary>
/// Which build answers is told where an operator or a monitor looks, in the words <c>taskroute --version</c>
/// uses (<c>1.0.0+&lt;commit&gt;</c>): two builds share the number, only the commit tells them apart.
/// </summary>
public class BuildVersionTests
{
    [Fact]
    public async Task The_status_and_the_openapi_document_name_the_build_as_taskroute_version_does()
    {
        var ct = TestContext.Current.CancellationToken;
        var printed = await CliRun.RunAsync("--version");
        Assert.Equal(0, printed.ExitCode);
        var version = printed.Out.Trim();
        Assert.Contains('+', version);

        await using var server = await TestServer.StartAsync();
        var status = await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/status", ct);
        Assert.Equal(version, status.GetProperty("version").GetString());
        var document = await server.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);
        Assert.Equal(version, document.GetProperty("info").GetProperty("version").GetString());
    }
}
