using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Server.Api;
using Taskroute.Server.Accounts;
using Taskroute.Server.Api.Agents;
using Taskroute.Server.Api.Ccp;
using Taskroute.Server.Api.Configuration;
using Taskroute.Server.Api.Tasks;
using Taskroute.Server.Api.Traces;
using Taskroute.Server.Api.Logs;
using Taskroute.Server.Api.Reports;
using Taskroute.Server.RateLimiting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;
using Taskroute.Server.Telemetry;
using Taskroute.Server.Web;
using Taskroute.Storage;
using Taskroute.Storage.Postgres;
using Taskroute.Storage.Sqlite;

namespace Taskroute.Server.Hosting;

/// <summary>Builds the ASP.NET Core host: the engine and journal on the writer loop, and the HTTP endpoints around them.</summary>
public static class TaskrouteServer
{
    // ASP.NET Core's own name for it (AuthAppBuilderExtensions); see Build.
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    /// <summary>Where sign-in locks, and addresses slowed down for failed checks, are said.</summary>
    public const string SignInLogCategory = "Taskroute.SignIn";

    // accounts: who may sign in; the built-in lab's accounts (password "lab") when null.
    public static WebApplication Build(ServerOptions options, RoutingConfiguration configuration, TimeProvider? time = null, string[]? args = null, AccountStore? accounts = null)
    {
        var builder = ServerBuilder.Create(options.Urls, args);
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp =>
        {
            var held = DataDirectoryLock.Take(options.DataDirectory);
            // Once a start, with the directory held: a directory made just now is its owner's only.
            DataDirectoryPrivacy.WarnIfOthersMayRead(options.DataDirectory, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Taskroute.DataDirectory"));
            return held;
        });
        builder.Services.AddSingleton(sp =>
        {
            sp.GetRequiredService<DataDirectoryLock>();
            return new ConfigurationArchive(options.DataDirectory);
        });
        // The engine starts on the configuration the journal starts under; the host changes it to this start's once the journal is replayed.
        builder.Services.AddSingleton(sp =>
        {
            var archive = sp.GetRequiredService<ConfigurationArchive>();
            // A replay that needs this very configuration finds it, even if its kept file was lost or edited.
            archive.Know(configuration);
            var journal = sp.GetRequiredService<IJournal>();
            // A journal replays under the router's rules it was written under: the first ones, until
            // its own record raises them. EngineHost journals that once it has replayed it, a new
            // journal's first record included, so that every journal says which rules it ran under.
            var engineOptions = new EngineOptions
            {
                ContactRetentionSeconds = options.ContactRetentionSeconds, Configurations = archive.Find, RoutingRules = RoutingRules.First,
            };
            var first = ConfigurationChangeCheck.Run(options.DataDirectory, configuration, engineOptions, journal, archive,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Taskroute.Configuration"));
            return new RoutingEngine(first, engineOptions);
        });
        // Every store opens after the data directory's lock is held, and is disposed before it is let go.
        builder.Services.AddSingleton(sp =>
        {
            sp.GetRequiredService<DataDirectoryLock>();
            var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Taskroute.Journal");
            return OpenJournalNotBehind(options, note => log.LogWarning("{Note}", note));
        });
        builder.Services.AddSingleton<TaskrouteMetrics>();
        builder.Services.AddSingleton(_ => new TaskTracing(options.MeterName));
        builder.Services.AddSingleton(sp =>
        {
            sp.GetRequiredService<DataDirectoryLock>();
            return new Logs.ComponentLogService(options.ComponentLogsDirectory, configuration, sp.GetRequiredService<ILogger<Logs.ComponentLogService>>(),
                options.LogFileBytes, options.LogFilesPerComponent, moved: options.LogsDirectory is { Length: > 0 });
        });
        builder.Services.AddSingleton(sp =>
        {
            var metrics = sp.GetRequiredService<TaskrouteMetrics>();
            var engine = sp.GetRequiredService<RoutingEngine>();
            // After the engine, which holds the data directory's lock: no other server writes a snapshot there now.
            SnapshotLeftovers.Remove(options, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Taskroute.DataDirectory"));
            var host = new EngineHost(
                engine, sp.GetRequiredService<IJournal>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<EngineHost>>(), options.IntakeCapacity, metrics, sp.GetRequiredService<TaskTracing>(),
                options.ComponentLogs ? sp.GetRequiredService<Logs.ComponentLogService>() : null, sp.GetRequiredService<Tracing.TraceIndexer>(),
                sp.GetRequiredService<Reporting.ReportKeeper>(), OpenSnapshots(options), options.SnapshotEvery, options.SnapshotOnStop, configuration,
                keepRunningConfiguration: GivenAtStart.Same(options.DataDirectory, configuration), whyNotKept: sp.GetRequiredService<ConfigurationArchive>().WhyNotKept);
            metrics.ObserveQueues(host.QueueDepths);
            metrics.ObserveTargets(() => QueueFiguresForMetrics(host));
            var indexer = sp.GetRequiredService<Tracing.TraceIndexer>();
            var keeper = sp.GetRequiredService<Reporting.ReportKeeper>();
            var componentLogs = options.ComponentLogs ? sp.GetRequiredService<Logs.ComponentLogService>() : null;
            var damage = sp.GetRequiredService<DamageSeen>();
            metrics.ObserveTrouble(() => [("trace_index", indexer.Stopped), ("reports", keeper.Stopped), ("component_logs", componentLogs?.Failing ?? false)], () => damage.What is not null);
            // Before the loop writes the change that names it.
            sp.GetRequiredService<ConfigurationArchive>().Keep(configuration);
            sp.GetRequiredService<ConfigurationArchive>().MarkRunning(host.Configuration);
            GivenAtStart.Remember(options.DataDirectory, configuration);
            if (!ReferenceEquals(host.Configuration, configuration))
            {
                // Runs under the configuration changed while the last server ran: what reads it beside the engine follows.
                sp.GetRequiredService<Reporting.ReportKeeper>().Learn(host.Configuration);
                sp.GetRequiredService<AccountStore>().Change(host.Configuration, null);
            }
            return host;
        });
        builder.Services.AddSingleton(sp =>
        {
            var store = accounts ?? AccountStore.Lab(configuration);
            store.Lockout ??= options.SignInLockout(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger(SignInLogCategory));
            return store;
        });
        builder.Services.AddSingleton<PresenceMonitor>();
        builder.Services.AddSingleton<ConfigurationChanges>();
        builder.Services.AddSingleton(sp => new ChannelTickets(sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<SupervisorChanges>();
        builder.Services.AddSingleton(sp =>
        {
            var journal = sp.GetRequiredService<IJournal>();
            var damaged = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Taskroute.DataDirectory");
            var index = Storage.Sqlite.DerivedFile.Open(Path.Combine(options.DataDirectory, "trace-index.db"), path => new Storage.Index.TraceIndex(path), note => damaged.LogWarning("{Note}", note));
            return new Tracing.TraceIndexer(index, journal, sp.GetRequiredService<ILogger<Tracing.TraceIndexer>>(), sp.GetRequiredService<TimeProvider>());
        });
        builder.Services.AddSingleton(sp =>
        {
            var journal = sp.GetRequiredService<IJournal>();
            var damaged = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Taskroute.DataDirectory");
            var store = Storage.Sqlite.DerivedFile.Open(Path.Combine(options.DataDirectory, "reports.db"), path => new Storage.Reports.ReportStore(path, options.ReportIntervalMinutes), note => damaged.LogWarning("{Note}", note));
            return new Reporting.ReportKeeper(store, journal,
                configuration, sp.GetRequiredService<ILogger<Reporting.ReportKeeper>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ConfigurationArchive>().All());
        });
        builder.Services.AddSingleton(sp => new Reporting.ReportQuery(
            sp.GetRequiredService<Reporting.ReportKeeper>(), sp.GetRequiredService<IJournal>(), Running(sp), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp =>
        {
            var journal = sp.GetRequiredService<IJournal>();
            var indexer = sp.GetRequiredService<Tracing.TraceIndexer>();
            var archive = sp.GetRequiredService<ConfigurationArchive>();
            return new Tracing.TraceStore(journal, indexer.Index, Running(sp), () => indexer.WaitFor(journal.LastSequence, TimeSpan.FromSeconds(2)), () => indexer.Stopped, archive.All);
        });
        builder.Services.AddAuthentication(BasicAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        // Basic authentication keeps no secrets: the data protection AddAuthentication brings along
        // would read (on a first start, make and write) a key ring under the user's home at every start.
        if (builder.Services.FirstOrDefault(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService) && d.ImplementationType?.Name == "DataProtectionHostedService") is { } keyRing)
            builder.Services.Remove(keyRing);
        builder.Services.AddOpenApi(openApi => openApi.AddTaskrouteSecurity().AddTaskApiDescription().AddRequestSchemas().AddAnswerSchemas().AddProblemSchemas().AddServerUrlsWithoutTrailingSlash().AddBuildVersion());
        var otel = builder.Services.AddOpenTelemetry();
        otel.ConfigureResource(resource => resource.AddService("taskroute", serviceVersion: Core.BuildVersion.Informational))
            .WithMetrics(metrics =>
            {
                // System.Runtime: the runtime's own meter (collections, GC pause time, heap, thread-pool
                // queue), what an operator looks at first when latency jumps.
                metrics.AddMeter(options.MeterName, "System.Runtime", "Microsoft.AspNetCore.RateLimiting").AddAspNetCoreInstrumentation().AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                // OTLP only where a collector is named, by the standard OTEL_EXPORTER_OTLP_ENDPOINT variable.
                if (OtlpConfigured()) metrics.AddOtlpExporter();
            });
        // Traces cost a span per phase of every task: made only where a collector will take them.
        if (OtlpConfigured())
            otel.WithTracing(tracing => tracing.AddSource(options.MeterName).AddAspNetCoreInstrumentation().AddOtlpExporter());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EngineHost>());
        builder.Services.AddProblemDetails();
        builder.Services.AddClientFacing();
        builder.Services.AddSubmitRateLimit(options);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            Api.JsonApiOptions.Apply(json.SerializerOptions);
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, Api.Tasks.TaskJson.Default);
            json.SerializerOptions.TypeInfoResolverChain.Insert(1, Api.Agents.AgentJson.Default);
            json.SerializerOptions.TypeInfoResolverChain.Insert(2, Core.Modules.Desktop.Resources.DesktopJson.Default);
        });
        builder.Services.AddHealthChecks().AddCheck<WriterLoopHealthCheck>("writer loop", tags: ["ready"]);

        var app = builder.Build();
        app.Lifetime.ApplicationStarted.Register(app.Services.GetRequiredService<StartedFlag>().Set);
        // After the hosted services start: the metrics' exporters listen from then on.
        app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<TaskrouteMetrics>()
            .StartAtZero(app.Services.GetRequiredService<EngineHost>().Configuration.Mrds.Select(m => m.Id)));
        try
        {
            // Brings the engine up now: recovery, and the checks that refuse a start (a journal behind its snapshot, a configuration that rewrites it).
            var presence = app.Services.GetRequiredService<PresenceMonitor>();
            app.Lifetime.ApplicationStarted.Register(() => _ = presence.CountAgentsFromBeforeAsync());
        }
        catch
        {
            // Lets go of the data directory's lock and the stores opened so far: a refused start leaves the directory as it found it.
            ((IDisposable)app).Dispose();
            throw;
        }
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A request the client got wrong (binding refused it) is answered 400 below, not logged as the server's error.
            SuppressDiagnosticsCallback = handled => handled.Exception is BadHttpRequestException,
            ExceptionHandler = async context =>
        {
            var failure = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error;
            if (failure is OverloadedException)
            {
                context.Response.Headers.RetryAfter = "1";
                if (CcpErrorPages.Owns(context.Request))
                {
                    await CcpErrorPages.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, new ApiError("Task", failure.Message));
                    return;
                }
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsJsonAsync(new { title = "over capacity", detail = failure.Message, status = 503 });
                return;
            }
            // Kestrel's own refusal of a request (a body sent too slowly, or larger than it takes),
            // or a query value binding refused: the client's fault, said with its status.
            if (await BindingProblem.TryWriteAsync(context, failure)) return;
            // A damaged database is no defect of the request nor of the server: it is said, and
            // readiness says Degraded from now on, with what to do (taskroute_data_damaged is 1).
            if (failure is not null && Taskroute.Storage.StorageDamage.Of(failure) is { } damage)
            {
                context.RequestServices.GetRequiredService<DamageSeen>().Saw(damage);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsJsonAsync(new { title = "data damaged", detail = damage, status = 503 });
                return;
            }
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsJsonAsync(new { title = "internal error", status = 500 });
        },
        });
        app.UseForwardedHeaders();
        app.UseHeadAsGet();
        app.UseNoStoreWhenSignedIn();
        app.UseRouting();
        app.UseWebSockets();
        app.UseStatusCodePagesWithCcpErrors(pages: true);
        app.UseContentEncodingRefusal();
        app.UseCors();
        app.UseSubmitRateLimit(options);
        // Only requests that carry credentials meet the authentication middleware. Without an
        // Authorization header its Basic handler finds nothing to read, but only after resolving itself
        // and a handler map from the request's services: a tenth of what a task submit (anonymous, as
        // CCP's Task API is) allocated. The user is anonymous either way.
        app.UseWhen(context => context.Request.Headers.ContainsKey(HeaderNames.Authorization), branch => branch.UseAuthentication());
        // WebApplication puts UseAuthentication at the head of the pipeline by itself unless the app
        // has called it, which it learns from the key UseAuthentication sets. The branch above sets it
        // on the branch's own copy of the properties, so without this every request was authenticated
        // anyway, before the branch.
        ((IApplicationBuilder)app).Properties[AuthenticationMiddlewareSetKey] = true;
        app.UseAuthorization();
        // Alive: the process answers. Ready: the journal is replayed and the writer loop answers.
        // Read with GET (or HEAD) only: a POST or DELETE there is a client's mistake, answered 405.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).ReadOnly();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = ReadinessAnswer.Write }).ReadOnly();
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = ReadinessAnswer.Write }).ReadOnly();
        app.MapPrometheusScrapingEndpoint("/metrics").ReadOnly();
        app.MapOpenApi("/openapi/{documentName}.json");
        // Served as the server runs, often with no way out: no fonts from Scalar's CDN (two failed
        // requests offline), and no AI chat or SDK and deploy toolbar, which talk to Scalar's services.
        // Its page renders the document's descriptions as HTML: a Content-Security-Policy, as the
        // pages have, lets no script run there but Scalar's own.
        app.MapScalarApiReference("/api-docs", scalar => scalar.DisableDefaultFonts().DisableAgent().HideDeveloperTools()).WithApiReferencePolicy();
        app.MapStatus();
        app.MapCcpTaskApi();
        app.MapTaskApi();
        app.MapBench();
        app.MapAgentApi();
        app.MapSupervisorApi();
        app.MapTraceApi();
        app.MapReportApi();
        app.MapLogApi();
        app.MapConfigurationApi();
        app.MapWebPages();
        return app;
    }

    // The configuration the server runs under now: a configuration change replaces it.
    private static Func<RoutingConfiguration> Running(IServiceProvider services)
    {
        EngineHost? host = null;
        return () => (host ??= services.GetRequiredService<EngineHost>()).Configuration;
    }

    internal static bool OtlpConfigured() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")) ||
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));

    /// <summary>Where the server keeps its snapshots: beside the journal, in its database or its data directory; null when they are off.</summary>
    /// <param name="options">Where the data lives, and how often snapshots are taken.</param>
    /// <param name="forReading">Open the store even with snapshots off, to see what earlier starts left.</param>
    public static Storage.Snapshots.ISnapshotStore? OpenSnapshots(ServerOptions options, bool forReading = false) => options.SnapshotEvery <= 0 && !forReading ? null : options.Storage switch
    {
        "postgres" => new PostgresSnapshotStore(options.Connection ?? throw new ArgumentException("--storage postgres needs --connection")),
        _ => new Storage.Snapshots.FileSnapshotStore(options.SnapshotsDirectory),
    };

    // A scrape waits on the loop, after the work posted before it; a loop that is stopping or
    // overloaded gives the collector nothing this time rather than holding its thread.
    private static (IReadOnlyList<Core.Waiting.QueueFigures>, long) QueueFiguresForMetrics(EngineHost host)
    {
        try
        {
            var read = host.QueryAsync((engine, now) =>
            {
                var figures = new List<Core.Waiting.QueueFigures>();
                engine.QueueFigures(figures);
                return ((IReadOnlyList<Core.Waiting.QueueFigures>)figures, now);
            });
            return read.Wait(TimeSpan.FromSeconds(5)) ? read.Result : ([], 0);
        }
        catch (Exception ex) when (ex is OverloadedException or AggregateException or ObjectDisposedException or InvalidOperationException)
        {
            return ([], 0);
        }
    }

    /// <summary>
    /// Opens the journal, refusing the start when it ends before a snapshot the server took of it
    /// (<see cref="JournalBehindException"/>). Checked first, with snapshots on or off (one left from
    /// earlier starts still says what the journal should hold): a refused start then leaves the data
    /// directory as it was. Later, the trace index and the reports would start over for a journal
    /// that is not theirs, and SQLite would leave an empty file where the missing journal belongs.
    /// </summary>
    private static IJournal OpenJournalNotBehind(ServerOptions options, Action<string> note)
    {
        IReadOnlyList<Storage.Snapshots.StoredSnapshot> held;
        var snapshots = OpenSnapshots(options, forReading: true)!;
        try
        {
            held = snapshots.List();
        }
        catch (Exception)
        {
            // Unreadable snapshots are said and passed over where they are restored (EngineHost).
            held = [];
        }
        finally
        {
            (snapshots as IDisposable)?.Dispose();
        }
        if (options.Storage != "postgres" && !File.Exists(Path.Combine(options.DataDirectory, "journal.db")))
            JournalBehindException.ThrowIfBehind(held, 0);
        // Before SQLite makes an empty journal.db where a PostgreSQL journal was meant.
        if (options.Storage != "postgres") JournalStoreMark.CheckSqliteStart(options.DataDirectory);
        var journal = OpenJournal(options, note);
        try
        {
            JournalBehindException.ThrowIfBehind(held, journal.LastSequence);
            // Before the trace index and the reports, which would be rebuilt for an empty journal.
            if (options.Storage == "postgres") SqliteJournalBeside.Check(options.DataDirectory, journal.LastSequence, note);
            (journal as SqliteJournal)?.CheckWritable();
            JournalStoreMark.Remember(options.DataDirectory, options.Storage, options.Connection);
            return journal;
        }
        catch
        {
            (journal as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <param name="options">Where the journal is: SQLite in the data directory, or PostgreSQL.</param>
    /// <param name="note">Told what becomes of a PostgreSQL journal's connection (lost, back).</param>
    public static IJournal OpenJournal(ServerOptions options, Action<string>? note = null) => options.Storage switch
    {
        "postgres" => new PostgresJournal(options.Connection ?? throw new ArgumentException("--storage postgres needs --connection"), exclusive: true) { Note = note },
        _ => new SqliteJournal(Path.Combine(options.DataDirectory, "journal.db")),
    };
}
