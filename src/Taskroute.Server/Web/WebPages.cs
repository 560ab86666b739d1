using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
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

    /// <summary>
    /// Gives the API reference's page the headers the pages have. Scalar makes the page per request
    /// (its script names the path asked for), so the policy hashes the script of the page it made;
    /// should Scalar stop answering with a <see cref="ContentHttpResult"/>, its page has no policy, which
    /// PageSecurityPolicyTests catch.
    /// </summary>
    public static TBuilder WithApiReferencePolicy<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            if (result is ContentHttpResult { ResponseContent: { } html, ContentType: { } type } && type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
            {
                var headers = context.HttpContext.Response.Headers;
                headers.ContentSecurityPolicy = PageSecurityPolicy.ForApiReference(html);
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
            }
            return result;
        });

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

    /// <summary>
    /// Answers a 404 with a page of links when a browser asked for a page (a GET that prefers HTML, off
    /// the APIs' paths): a mistyped <c>/report</c> then reads as a page, not as ProblemDetails JSON.
    /// API clients, which do not prefer HTML, keep the answers they parse. Whether it answered.
    /// </summary>
    public static async Task<bool> TryWriteNotFoundAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (context.Response.StatusCode != StatusCodes.Status404NotFound || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))) return false;
        foreach (var api in (string[])["/api", "/ccp", "/metrics", "/openapi", "/domains", "/assets"])
            if (request.Path.StartsWithSegments(api, StringComparison.OrdinalIgnoreCase)) return false;
        if (!PrefersHtml(request)) return false;
        var html = NotFoundHtml.Value.Replace("{path}", WebUtility.HtmlEncode(request.Path.Value ?? ""), StringComparison.Ordinal);
        context.Response.Headers.ContentSecurityPolicy = PageSecurityPolicy.For(html);
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html);
        return true;
    }

    // HTML named, and at a quality no other type named outdoes: a browser's navigation, not a client's */*.
    private static bool PrefersHtml(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        var html = accept.Where(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)).Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        return html > 0 && accept.All(a => (a.Quality ?? 1) <= html);
    }

    // Served with the path put in; a file beside the pages, built in as they are.
    private static readonly Lazy<string> NotFoundHtml = new(() => Load("not-found.html"));

    private static string Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Taskroute.Web." + name)
            ?? throw new InvalidOperationException($"the page {name} is not built in");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
