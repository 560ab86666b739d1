using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Taskroute.Server.Web;

/// <summary>The pages the server serves itself, built into the assembly: no files to deploy beside it.</summary>
public static class WebPages
{
    public static IEndpointRouteBuilder MapWebPages(this IEndpointRouteBuilder app)
    {
        var desktop = Load("desktop.html");
        var supervisor = Load("supervisor.html");
        var trace = Load("trace.html");
        var reports = Load("reports.html");
        var css = Load("taskroute.css");
        app.MapGet("/assets/taskroute.css", (HttpResponse response) =>
        {
            response.Headers.CacheControl = "public, max-age=300";
            return Results.Content(css, "text/css; charset=utf-8");
        }).ExcludeFromDescription();
        app.MapGet("/desktop", () => Results.Content(desktop, "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/supervisor", () => Results.Content(supervisor, "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/trace", () => Results.Content(trace, "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/reports", () => Results.Content(reports, "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/", () => Results.Redirect("/desktop")).ExcludeFromDescription();
        return app;
    }

    private static string Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Taskroute.Web." + name)
            ?? throw new InvalidOperationException($"the page {name} is not built in");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
