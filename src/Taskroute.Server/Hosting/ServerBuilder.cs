using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Taskroute.Server.Hosting;

/// <summary>The ASP.NET Core builder both the single server and the cluster front end start from.</summary>
public static class ServerBuilder
{
    public static WebApplicationBuilder Create(string urls, string[]? args)
    {
        // appsettings.json is read once at start, so reloading it buys nothing; watching for it
        // watches the whole content root, which by default holds the data directory, and the
        // watcher then wakes for every journal and log write (3% of the CPU under load).
        // Given first, so an argument of the user's still wins.
        string[] withDefaults = ["--hostBuilder:reloadConfigOnChange=false", .. args ?? []];
        var builder = WebApplication.CreateSlimBuilder(withDefaults);
        builder.WebHost.UseUrls(urls);
        builder.Logging.AddClientFacingFilters();
        return builder;
    }
}
