using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Taskroute.Server.Api;

/// <summary>
/// HEAD answered as GET without the body (RFC 9110 §9.3.2): uptime monitors and <c>curl -I</c> ask
/// for a resource's status and headers this way, and minimal APIs map GET alone.
/// </summary>
public static class HeadRequests
{
    private static readonly object Marker = new();

    /// <summary>Whether the client asked HEAD, though routing and the endpoint now see GET.</summary>
    public static bool AskedHead(this HttpContext context) => context.Items.ContainsKey(Marker);

    /// <summary>Must come before routing, so that a HEAD request finds the GET endpoint.</summary>
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // Kestrel keeps the method it parsed and so still sends no body for this request; only what
        // routing and the endpoint see changes.
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Request.Method = HttpMethods.Get;
            // A GET that changes something (the Task API's submit form) must not run for a HEAD.
            context.Items[Marker] = true;
        }
        return next(context);
    });
}
