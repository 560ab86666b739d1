using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Taskroute.Server.Api;

/// <summary>
/// Every answer to a request that carries credentials (an account's, or a feed's API key) says <c>Cache-Control: no-store</c>: what an
/// account reads (the configuration with feeds' API keys, tasks with their call variables, traces,
/// reports, log files) must not stay in a browser's or a proxy's cache for the next person at that
/// desk. A page the server gives everyone alike (marked <c>public</c>) keeps its own caching.
/// ETags still work: a client may ask again with <c>If-None-Match</c> and get 304; it only keeps
/// nothing between.
/// </summary>
internal static class NoStoreWhenSignedIn
{
    public static IApplicationBuilder UseNoStoreWhenSignedIn(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.Headers.ContainsKey(HeaderNames.Authorization) || context.Request.Headers.ContainsKey("X-Api-Key"))
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                if (!headers.CacheControl.ToString().Contains("public", StringComparison.OrdinalIgnoreCase)) headers.CacheControl = "no-store";
                return Task.CompletedTask;
            }, context.Response);
        return next(context);
    });
}
