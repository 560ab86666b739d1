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
        app.MapGet("/desktop", (HttpResponse response) => Page(response, desktop)).ExcludeFromDescription();
        app.MapGet("/supervisor", (HttpResponse response) => Page(response, supervisor)).ExcludeFromDescription();
        app.MapGet("/trace", (HttpResponse response) => Page(response, trace)).ExcludeFromDescription();
        app.MapGet("/reports", (HttpResponse response) => Page(response, reports)).ExcludeFromDescription();
        app.MapGet("/", () => Results.Redirect("/desktop")).ExcludeFromDescription();
        return app;
    }

    // The pages act with the browser's remembered credentials: no other site may frame them (a
    // click on a hidden desktop would be the agent's), and nothing they load is read as another type.
    private static IResult Page(HttpResponse response, string html)
    {
        response.Headers.ContentSecurityPolicy = "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static string Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Taskroute.Web." + name)
            ?? throw new InvalidOperationException($"the page {name} is not built in");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
