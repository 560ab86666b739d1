using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Server.Api;

namespace Taskroute.Server.Hosting;

/// <summary>Builds the ASP.NET Core host: the engine on its writer loop, and the HTTP endpoints around it.</summary>
public static class TaskrouteServer
{
    public static WebApplication Build(ServerOptions options, RoutingConfiguration configuration, TimeProvider? time = null, string[]? args = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.WebHost.UseUrls(options.Urls);
        // Per-request lines drown what matters; the flow has its own record.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton(_ => new RoutingEngine(configuration));
        builder.Services.AddSingleton<EngineHost>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EngineHost>());
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks("/health");
        app.MapStatus();
        return app;
    }
}
