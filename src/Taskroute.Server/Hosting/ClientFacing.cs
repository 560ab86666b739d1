using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Taskroute.Server.Api.Ccp;

namespace Taskroute.Server.Hosting;

/// <summary>What a single server and a cluster front end both set up for the clients they face.</summary>
public static class ClientFacing
{
    public static IServiceCollection AddClientFacing(this IServiceCollection services)
    {
        services.AddCors(cors => cors.AddCcpCors());
        // A query value binding refuses (page=abc) is thrown to the exception handler, which says
        // which parameter and why; otherwise it is a bare 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        // Behind a reverse proxy on this host (TLS ended there), the URLs handed out (a contact's
        // Location and refURL) name the scheme and host the client used, not the proxy's hop; and
        // failed sign-ins are counted by the client's address, not the proxy's. Only a proxy on
        // this host (loopback, ASP.NET's default) is believed.
        return services.Configure<ForwardedHeadersOptions>(forwarded =>
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedFor);
    }

    /// <summary>Takes GET and HEAD only, as an endpoint that only reads (health, metrics) should.</summary>
    public static TBuilder ReadOnly<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new Microsoft.AspNetCore.Routing.HttpMethodMetadata(["GET", "HEAD"]));

    public static ILoggingBuilder AddClientFacingFilters(this ILoggingBuilder logging)
    {
        // Per-request lines drown what matters; the flow has its own record.
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Hosting's diagnostics log only per-request lines; while that category is enabled at all,
        // ASP.NET Core starts an Activity for every request to scope them, even with no tracing.
        // Where traces are exported (OTLP) the tracer's listener still makes one.
        return logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
    }
}
