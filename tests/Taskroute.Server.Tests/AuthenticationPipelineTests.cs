using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Taskroute.Core.Lab;
using Taskroute.Server.Accounts;
using Taskroute.Server.Hosting;

namespace Taskroute.Server.Tests;

/// <summary>
/// Task submits carry no credentials, as CCP's Task API takes none: they must not pay for an
/// authentication that can only find nothing. The Basic handler's own log lines show when it ran.
/// </summary>
public class AuthenticationPipelineTests
{
    [Fact]
    public async Task An_anonymous_submit_never_reaches_the_authentication_handler_while_a_signed_in_request_does()
    {
        var data = Directory.CreateTempSubdirectory("taskroute-test-").FullName;
        var options = new ServerOptions { Urls = "http://127.0.0.1:0", DataDirectory = data, MeterName = "Taskroute.Test." + Guid.NewGuid().ToString("N") };
        var app = TaskrouteServer.Build(options, LabConfiguration.Create(), args: ["--Logging:LogLevel:Taskroute.Server.Accounts.BasicAuthenticationHandler=Debug"]);
        var handlerLines = new ConcurrentQueue<string>();
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(new HandlerProbe(typeof(BasicAuthenticationHandler).FullName!, handlerLines));
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

            using var submitted = await client.PostAsJsonAsync("/api/v1/tasks", new { name = "Load", title = "anonymous", scriptSelector = "CumulusTask" });
            Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
            Assert.Empty(handlerLines);

            using var signedIn = new HttpRequestMessage(HttpMethod.Get, "/api/v1/supervisor/overview");
            signedIn.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("sup1:lab"u8));
            using var overview = await client.SendAsync(signedIn);
            Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
            Assert.NotEmpty(handlerLines);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            TestServer.TryDelete(data);
        }
    }

    private sealed class HandlerProbe(string category, ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => categoryName == category ? new Lines(lines) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }

        private sealed class Lines(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
