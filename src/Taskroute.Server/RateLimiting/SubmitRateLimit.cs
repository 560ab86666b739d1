using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Taskroute.Server.Api;
using Taskroute.Server.Api.Ccp;
using Taskroute.Server.Hosting;

namespace Taskroute.Server.RateLimiting;

/// <summary>
/// How many tasks one client may submit: a token bucket per client address (a proxy on this host
/// may name the client in X-Forwarded-For), over every submit endpoint of the CCP and JSON task
/// APIs together. The Task API takes tasks without credentials, as CCP's does; one client in a loop
/// would otherwise fill the queues and the journal for everyone. Off unless configured: a refused
/// submit creates nothing and is answered 429 with Retry-After, in the API's own error format.
/// </summary>
public static class SubmitRateLimit
{
    /// <summary>The ASP.NET Core rate limiting policy the submit endpoints name.</summary>
    public const string Policy = "task submits";

    /// <summary>Registers the limit <paramref name="options"/> set, if any (the endpoints name it either way; without the middleware the name is inert).</summary>
    public static IServiceCollection AddSubmitRateLimit(this IServiceCollection services, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.SubmitsPerSecond <= 0) return services;
        var perSecond = options.SubmitsPerSecond;
        var burst = options.SubmitBurstOrDefault;
        return services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Policy, context =>
            {
                var time = context.RequestServices.GetRequiredService<TimeProvider>();
                return RateLimitPartition.Get(ClientOf(context), _ => new ClockedTokenBucket(perSecond, burst, time));
            });
            limiter.OnRejected = (rejected, _) => new ValueTask(Refuse(rejected.HttpContext, rejected.Lease, perSecond, burst));
        });
    }

    /// <summary>Puts the limit in the pipeline, after routing (it reads the endpoint's policy) and CORS (a preflight is never counted).</summary>
    public static IApplicationBuilder UseSubmitRateLimit(this IApplicationBuilder app, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.SubmitsPerSecond > 0 ? app.UseRateLimiter() : app;
    }

    /// <summary>Marks an endpoint that creates tasks as counted against its client's limit.</summary>
    public static TBuilder CountedAsSubmit<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.RequireRateLimiting(Policy);

    // After UseForwardedHeaders: the client a proxy on this host named, or the connection's peer.
    private static IPAddress ClientOf(HttpContext context) => context.Connection.RemoteIpAddress ?? IPAddress.None;

    private static Task Refuse(HttpContext context, RateLimitLease lease, double perSecond, int burst)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        // Whole seconds, rounded up: a client that waits as told finds a token there.
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var detail = $"this client ({ClientOf(context)}) may submit {Rate(perSecond)} a second, {burst} at most at once; try again in {seconds} s";
        if (CcpErrorPages.Owns(context.Request))
            return CcpErrorPages.WriteAsync(context, StatusCodes.Status429TooManyRequests, new ApiError("Task", detail));
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "too many submits", detail: detail, type: ProblemTypes.TooManyRequests).ExecuteAsync(context);
    }

    private static string Rate(double perSecond) =>
        (perSecond == 1 ? "1 task" : perSecond.ToString("0.###", CultureInfo.InvariantCulture) + " tasks");
}
