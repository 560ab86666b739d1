using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Taskroute.Core.Configuration;
using Taskroute.Core.Lab;
using Taskroute.Server.Hosting;

namespace Taskroute.Server.Tests;

/// <summary>A real server on a loopback port, on the built-in lab, with its own data directory.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private TestServer(WebApplication app, string dataDirectory, bool ownsDirectory)
    {
        App = app;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address) };
        Client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));
    }

    private readonly bool _ownsDirectory;

    public WebApplication App { get; }
    public HttpClient Client { get; }
    public string DataDirectory { get; }
    public EngineHost Host => App.Services.GetRequiredService<EngineHost>();

    public static async Task<TestServer> StartAsync(string? dataDirectory = null, RoutingConfiguration? configuration = null, TimeProvider? time = null, Action<ServerOptions>? configure = null,
        Taskroute.Server.Accounts.AccountStore? accounts = null, Microsoft.Extensions.Logging.ILoggerProvider? logs = null)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("taskroute-test-").FullName;
        var options = new ServerOptions { Urls = "http://127.0.0.1:0", DataDirectory = dataDirectory, MeterName = "Taskroute.Test." + Guid.NewGuid().ToString("N") };
        configure?.Invoke(options);
        var app = TaskrouteServer.Build(options, configuration ?? LabConfiguration.Create(), time, accounts: accounts);
        // Sees what is logged from the start on; Build has brought the engine up already (a warning made then shows in a ChildServer's output).
        if (logs is not null) app.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().AddProvider(logs);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            // A start refused (a journal behind its snapshot, a changed configuration) lets go of the
            // data directory, as the process of a refused `taskroute serve` does by ending.
            await app.DisposeAsync();
            throw;
        }
        return new TestServer(app, dataDirectory, owns);
    }

    /// <summary>Sends a request signed in as <paramref name="user"/> (password <c>lab</c>, as in the lab), or anonymous when null.</summary>
    public async Task<HttpResponseMessage> SendAs(string? user, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (user is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:lab")));
        if (body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(body);
        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (_ownsDirectory) TryDelete(DataDirectory);
    }

    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A test's temporary directory; the OS cleans it up eventually.
        }
    }
}
