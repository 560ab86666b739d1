using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
        // The authentication handler logs under its own type's name, a line for every refused
        // password ("was challenged"): a default the settings can still lower.
        string[] withDefaults = ["--hostBuilder:reloadConfigOnChange=false", $"--Logging:LogLevel:{typeof(Accounts.BasicAuthenticationHandler).FullName}=Warning", .. args ?? []];
        var builder = WebApplication.CreateSlimBuilder(withDefaults);
        // Each address as checked (ServerOptions.UrlsProblem): Kestrel takes a space after ';' for part of the scheme.
        builder.WebHost.UseUrls(string.Join(';', urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        builder.Logging.AddClientFacingFilters();
        // The slim builder leaves ASP.NET Core's host filtering out. An operator who names the host
        // names clients use (AllowedHosts, as in any ASP.NET Core app: "taskroute.example.com;*.example.com")
        // has every other Host refused with a 400, rather than echoed into Location and refURL.
        var allowedHosts = builder.Configuration["AllowedHosts"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        if (allowedHosts.Length > 0 && !allowedHosts.Contains("*"))
        {
            builder.Services.AddHostFiltering(o => o.AllowedHosts = allowedHosts);
            builder.Services.AddTransient<IStartupFilter, HostFilteringFirst>();
            // A proxy passes the client's Host on as X-Forwarded-Host, which replaces Host after the
            // filter has looked: it is taken only when it is one of the same names.
            builder.Services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o =>
            {
                foreach (var host in allowedHosts) o.AllowedHosts.Add(host);
            });
        }
        // A start that fails throws to the caller, which says why in a line; the host's own log of it
        // would print the same failure again as a stack trace. Once started, its errors are logged.
        var started = new StartedFlag();
        builder.Services.AddSingleton(started);
        builder.Services.AddSingleton<DamageSeen>();
        // Both a single server's and a silo's task feeds slow down an address that guesses their keys.
        builder.Services.AddSingleton<Api.FeedKeyThrottle>();
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level => level >= LogLevel.Critical || (started.IsSet && level >= LogLevel.Information));
        // First of the hosted services, so that it holds the signal before the others start.
        builder.Services.AddHostedService<HangUpStops>();
        return builder;
    }
}

/// <summary>Set once the host has started: until then a failure is the caller's to report.</summary>
internal sealed class StartedFlag
{
    private volatile bool _set;

    public bool IsSet => _set;

    public void Set() => _set = true;
}
