using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Taskroute.Server.Api.Ccp;

/// <summary>
/// The answers no Task API endpoint wrote itself (an unknown path under <c>/ccp</c>, a method the
/// resource does not take, an overloaded server) in CCP's <c>apiErrors</c> XML: a CCP client parses
/// that shape for every error, and a ProblemDetails JSON body would leave it with nothing to show.
/// </summary>
public static class CcpErrorPages
{
    /// <summary>Whether a request is the Task API's: <c>/ccp/...</c>, or a routing domain's <c>/domains/{d}/ccp/...</c> in a cluster.</summary>
    public static bool Owns(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path.Value;
        if (string.IsNullOrEmpty(path)) return false;
        if (path.StartsWith("/ccp/", StringComparison.OrdinalIgnoreCase) || path.Equals("/ccp", StringComparison.OrdinalIgnoreCase)) return true;
        return path.StartsWith("/domains/", StringComparison.OrdinalIgnoreCase) && path.Contains("/ccp/", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Status-code pages that answer the Task API's bare statuses in its own XML and leave every
    /// other path to ASP.NET's ProblemDetails.
    /// </summary>
    /// <param name="app">The pipeline.</param>
    /// <param name="guide">Where the resources are listed, for a 404's detail.</param>
    /// <param name="pages">Whether the server serves the web pages: a browser that asked for a page that is not there then gets one saying so, with links to them.</param>
    public static IApplicationBuilder UseStatusCodePagesWithCcpErrors(this IApplicationBuilder app, string guide = SingleServerGuide, bool pages = false)
    {
        return app.UseStatusCodePages(new StatusCodePagesOptions
        {
            HandleAsync = async context =>
            {
                var http = context.HttpContext;
                // A locked-out sign-in is told when to try again; only its 401 says so.
                if (http.Response.StatusCode == StatusCodes.Status401Unauthorized && http.Items[Accounts.BasicAuthenticationHandler.RetryAfterKey] is TimeSpan left)
                    http.Response.Headers.RetryAfter = Accounts.SignInLockout.RetryAfter(left);
                if (Owns(http.Request))
                {
                    await WriteStatusAsync(http);
                    return;
                }
                if (pages && await Web.WebPages.TryWriteNotFoundAsync(http)) return;
                var problems = http.RequestServices.GetService<IProblemDetailsService>();
                var problem = new ProblemDetailsContext { HttpContext = http, ProblemDetails = { Status = http.Response.StatusCode, Detail = Detail(http, guide) } };
                // A client that asked for neither JSON nor anything (Accept: application/xml, say) still gets the problem, not a line of plain text.
                if (problems is null || !await problems.TryWriteAsync(problem))
                    await http.Response.WriteAsJsonAsync(new { title = ReasonPhrases.GetReasonPhrase(http.Response.StatusCode), status = http.Response.StatusCode, detail = problem.ProblemDetails.Detail },
                        (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
            },
        });
    }

    /// <summary>Where a single server's resources are listed, for a request that found none.</summary>
    public const string SingleServerGuide = "the API's resources are listed at /openapi/v1.json";

    /// <summary>A cluster's silo has no OpenAPI document: where its resources are said instead.</summary>
    public const string ClusterGuide = "a cluster's silo answers the task and agent APIs under /domains/{name}/; reports, traces, logs and the pages are a single server's (docs/operations.md, Running a cluster)";

    // What a bare status of the JSON API and the pages means for this request, in words.
    private static string? Detail(HttpContext context, string guide)
    {
        var request = context.Request;
        var where = ApiText.Clip(request.Path.Value ?? "", 200);
        return context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => $"no resource at {where} ({guide})",
            StatusCodes.Status405MethodNotAllowed =>
                $"{ApiText.Clip(request.Method)} is not allowed on {where}" + (context.Response.Headers.Allow is { Count: > 0 } allow ? $"; it takes {allow}" : ""),
            StatusCodes.Status415UnsupportedMediaType when request.Path.StartsWithSegments("/api/v1/configuration") => Configuration.ConfigurationEndpoints.UnsupportedType(request.ContentType),
            StatusCodes.Status415UnsupportedMediaType => $"the body's Content-Type ({ApiText.Clip(request.ContentType ?? "none")}) is not one {where} reads: send application/json",
            StatusCodes.Status401Unauthorized => context.Items[Accounts.BasicAuthenticationHandler.RefusalKey] is string refusal
                ? $"sign-in refused: {refusal}"
                : "sign in with HTTP Basic: a login id or user name, and its password",
            StatusCodes.Status403Forbidden => "the account signed in may not do this",
            StatusCodes.Status429TooManyRequests when context.Items[Accounts.BasicAuthenticationHandler.TooManyKey] is not null && context.Items[Accounts.BasicAuthenticationHandler.RefusalKey] is string tooMany
                => $"sign-in refused: {tooMany}",
            StatusCodes.Status400BadRequest => $"the request could not be read: check its path, query and body ({guide})",
            _ => null,
        };
    }

    /// <summary>The body of a status an endpoint answered without one, or routing answered for want of an endpoint.</summary>
    public static Task WriteStatusAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var status = context.Response.StatusCode;
        // A path is quoted whole up to a length no real one reaches: the client needs to see which it sent.
        var where = ApiText.Clip(request.Path.Value ?? "", 200);
        var error = status switch
        {
            StatusCodes.Status404NotFound => new ApiError("path", $"no Task API resource at {where}"),
            StatusCodes.Status405MethodNotAllowed => new ApiError("method",
                $"{ApiText.Clip(request.Method)} is not allowed on {where}" + (context.Response.Headers.Allow is { Count: > 0 } allow ? $"; it takes {allow}" : "")),
            _ => new ApiError("request", ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase.ToLowerInvariant() : $"status {status}"),
        };
        return WriteAsync(context, status, error);
    }

    public static Task WriteAsync(HttpContext context, int status, ApiError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml; charset=utf-8";
        return context.Response.WriteAsync(CcpXml.Errors([error]), Encoding.UTF8);
    }
}
