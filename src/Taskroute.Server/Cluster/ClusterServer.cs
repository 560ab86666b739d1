using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Taskroute.Server.Api;
using Taskroute.Server.Api.Ccp;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Taskroute.Cluster;
using Taskroute.Server.Accounts;
using Taskroute.Server.Hosting;
using Taskroute.Server.RateLimiting;

namespace Taskroute.Server.Cluster;

/// <summary>
/// One silo of a Taskroute cluster with its HTTP front end: the domains' grains may live here or on
/// any other silo, and any silo's front end serves any domain.
/// </summary>
public static class ClusterServer
{
    /// <summary>What a client is told when a domain cannot be reached just now.</summary>
    public const string UnavailableText = "the routing domain is moving to another silo or cannot reach its journal; retry in a moment";

    /// <param name="options">Where the silo's front end listens.</param>
    /// <param name="catalog">The cluster's domains.</param>
    /// <param name="accounts">Who signs in to each domain configured from a file (the others are the lab's).</param>
    /// <param name="clustering">How silos find each other (PostgreSQL in production, localhost in tests).</param>
    /// <param name="args">The command line, for the host's own settings.</param>
    public static WebApplication Build(ServerOptions options, DomainCatalog catalog, IReadOnlyDictionary<string, AccountStore>? accounts, Action<ISiloBuilder> clustering, string[]? args = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = ServerBuilder.Create(options.Urls, args);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        // The watchdog reports a bogus stall at start; real stalls show as failed calls.
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new DomainDirectory(catalog, accounts,
            () => options.SignInLockout(TimeProvider.System, sp.GetRequiredService<ILoggerFactory>().CreateLogger(TaskrouteServer.SignInLogCategory))));
        builder.Services.AddProblemDetails();
        builder.Services.AddClientFacing();
        builder.Services.AddSubmitRateLimit(options);
        // Registered before the silo: it keeps the domains' configurations before the silo joins.
        builder.Services.AddHostedService<DomainConfigurationKeeper>();
        builder.UseOrleans(silo => clustering(silo));
        // What an operator watches on each silo: its requests, the runtime, and Orleans' own meter
        // (grain calls, activations, messaging). Scraped at /metrics as on a single server.
        builder.Services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("taskroute-silo", serviceVersion: Core.BuildVersion.Informational)).WithMetrics(metrics =>
        {
            metrics.AddMeter("System.Runtime", "Microsoft.Orleans").AddAspNetCoreInstrumentation().AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
            if (TaskrouteServer.OtlpConfigured()) metrics.AddOtlpExporter();
        });
        var app = builder.Build();
        app.Lifetime.ApplicationStarted.Register(app.Services.GetRequiredService<StartedFlag>().Set);
        // A front end holds nothing: what fails is a domain moving between silos or the database out of
        // reach. Both pass, so the client is told to try again, never given a 500 or a stack trace.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Neither a request the client got wrong (answered 400 below) nor a domain out of reach for
            // a while (503, logged below in one line) is the server's error with a stack trace.
            SuppressDiagnosticsCallback = _ => true,
            ExceptionHandler = async context =>
        {
            var failure = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error;
            if (await BindingProblem.TryWriteAsync(context, failure)) return;
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Taskroute.Cluster.FrontEnd")
                .LogWarning("{Method} {Path}: answered 503, the domain could not be reached ({Failure}: {Reason})", context.Request.Method, context.Request.Path, failure?.GetType().Name, failure?.Message);
            const string Unavailable = UnavailableText;
            context.Response.Headers.RetryAfter = "1";
            if (CcpErrorPages.Owns(context.Request))
            {
                await CcpErrorPages.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, new ApiError("Task", Unavailable));
                return;
            }
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsJsonAsync(new
            {
                title = "domain unavailable",
                detail = Unavailable,
                status = 503,
            }, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
        },
        });
        app.UseForwardedHeaders();
        app.UseNoStoreWhenSignedIn();
        // HEAD is answered as GET, as on a single server: before routing, so that it finds the GET endpoint.
        app.UseHeadAsGet();
        app.UseRouting();
        app.UseStatusCodePagesWithCcpErrors(CcpErrorPages.ClusterGuide);
        app.UseContentEncodingRefusal();
        app.UseCors();
        app.UseSubmitRateLimit(options);
        app.MapGet("/healthz", () => Results.Text("Healthy"));
        // Ready once the silo has joined the cluster (StartAsync waits for it), while the database answers.
        app.MapGet("/readyz", (DomainCatalog catalog, CancellationToken ct) => ClusterReadiness.Answer(catalog, ct));
        app.MapPrometheusScrapingEndpoint("/metrics").ReadOnly();
        app.MapClusterApi();
        return app;
    }
}
