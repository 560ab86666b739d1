using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Taskroute.Cluster;
using Taskroute.Server.Hosting;

namespace Taskroute.Server.Cluster;

/// <summary>
/// One silo of a Taskroute cluster with its HTTP front end: the domains' grains may live here or on
/// any other silo, and any silo's front end serves any domain.
/// </summary>
public static class ClusterServer
{
    // clustering: how silos find each other (PostgreSQL in production, localhost in tests).
    public static WebApplication Build(ServerOptions options, DomainCatalog catalog, Action<ISiloBuilder> clustering, string[]? args = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new DomainDirectory(catalog));
        builder.Services.AddProblemDetails();
        builder.UseOrleans(silo => clustering(silo));
        var app = builder.Build();
        app.UseStatusCodePages();
        app.MapGet("/healthz", () => Results.Text("Healthy"));
        app.MapClusterApi();
        return app;
    }
}
