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
        var desktop = Page.Load("desktop.html");
        var supervisor = Page.Load("supervisor.html");
        var trace = Page.Load("trace.html");
        var reports = Page.Load("reports.html");
        var css = Load("taskroute.css");
        app.MapGet("/assets/taskroute.css", (HttpResponse response) =>
        {
            response.Headers.CacheControl = "public, max-age=300";
            return Results.Content(css, "text/css; charset=utf-8");
        }).ExcludeFromDescription();
        app.MapGet("/desktop", (HttpResponse response) => desktop.Serve(response)).ExcludeFromDescription();
        app.MapGet("/supervisor", (HttpResponse response) => supervisor.Serve(response)).ExcludeFromDescription();
        app.MapGet("/trace", (HttpResponse response) => trace.Serve(response)).ExcludeFromDescription();
        app.MapGet("/reports", (HttpResponse response) => reports.Serve(response)).ExcludeFromDescription();
        app.MapGet("/", () => Results.Redirect("/desktop")).ExcludeFromDescription();
        return app;
    }

    private sealed record Page(string Html, string Policy)
    {
        public static Page Load(string name)
        {
            var html = WebPages.Load(name);
            return new Page(html, PageSecurityPolicy.For(html));
        }

        // The pages act with the browser's remembered credentials: no other site may frame them (a
        // click on a hidden desktop would be the agent's), and nothing they load is read as another type.
        public IResult Serve(HttpResponse response)
        {
            response.Headers.ContentSecurityPolicy = Policy;
            response.Headers.XFrameOptions = "DENY";
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            return Results.Content(Html, "text/html; charset=utf-8");
        }
    }

    private static string Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Taskroute.Web." + name)
            ?? throw new InvalidOperationException($"the page {name} is not built in");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
