using Microsoft.AspNetCore.Http;

namespace Taskroute.Server.Api;

/// <summary>
/// The cache rule of a task's own answers (a task by its id, the list, CCP's contact poll), which
/// hold the customer's name, title, description and variables and are read without signing in.
/// <c>private</c>: a shared cache (a proxy, a CDN) keeps none of it for the next client that asks
/// the same URL. <c>no-cache</c> rather than <c>no-store</c>: the submitter's own client may keep
/// the copy it was given and ask again with <c>If-None-Match</c>, which a poll answers 304 with no
/// body while the task has not changed. A request that carries credentials still gets
/// <c>no-store</c> (<see cref="NoStoreWhenSignedIn"/> has the last word).
/// </summary>
internal static class PrivateTaskAnswer
{
    public const string CacheControl = "private, no-cache";

    /// <summary><paramref name="answer"/>, sent with <see cref="CacheControl"/>.</summary>
    public static IResult Of(IResult answer) => new Marked(answer);

    private sealed class Marked(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = CacheControl;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
