using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Taskroute.Logs;
using Taskroute.Server.Accounts;
using Taskroute.Server.Hosting;
using Taskroute.Server.Logs;

namespace Taskroute.Server.Api.Logs;

/// <summary>
/// The component logs over HTTP: list and fetch files as CCE's <c>file list activelog</c> and
/// <c>file get activelog</c> do (supervisors and administrators), and change a component's level at
/// run time as <c>utils finesse log configuration update</c> does (administrators).
/// </summary>
public static class LogEndpoints
{
    public sealed record LogFileResource(string Component, string Name, string Path, long Size, DateTimeOffset Modified);

    public sealed record ComponentResource(string Component, string Level, IReadOnlyList<LogFileResource> Files);

    public sealed record LevelChange(string? Level);

    /// <summary>A component's level, as a change answers it.</summary>
    public sealed record LevelResource(string Component, string Level);

    private static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<LevelChange> LevelChangeJson =
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<LevelChange>)System.Text.Json.JsonSerializerOptions.Web.GetTypeInfo(typeof(LevelChange));

    public static IEndpointRouteBuilder MapLogApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/logs").RequireAuthorization().WithTags("Logs");

        group.MapGet("/", (ClaimsPrincipal user, AccountStore accounts, EngineHost host, ConfigurationArchive archive, ComponentLogService logs, bool? recurs) =>
        {
            if (MayNotRead(user, accounts, host, archive) is { } refused) return refused;
            logs.Flush();
            var files = LogFileSelection.List(logs.Directory, null, recurs ?? false);
            return Results.Ok(ComponentLogNames.All.Select(c => Component(c, logs, files)).ToList());
        }).WithName("ListLogs").WithSummary("Every component, its level and its files.")
            .Produces<List<ComponentResource>>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/{component}", (string component, string? reltime, string? abstime, string? match, bool? recurs,
            ClaimsPrincipal user, AccountStore accounts, EngineHost host, ConfigurationArchive archive, ComponentLogService logs) =>
        {
            if (MayNotRead(user, accounts, host, archive) is { } refused) return refused;
            try
            {
                var c = ComponentLogNames.ParseComponent(component);
                // Files carry the wall clock's modification times, whatever clock the engine runs on.
                var query = Query(reltime, abstime, DateTimeOffset.UtcNow) with
                {
                    Match = match is null ? null : LogFileSelection.Match(match),
                    Recurs = recurs ?? false,
                };
                logs.Flush();
                return Results.Ok(Component(c, logs, LogFileSelection.Select(logs.Directory, c, query)));
            }
            catch (ComponentLogException ex)
            {
                return Invalid(ex.Message);
            }
        }).WithName("ListComponentLogs")
          .WithSummary("A component's files, chosen as `file get activelog` does: reltime=\"minutes 30\", abstime=\"hh:mm:MM/DD/YY hh:mm:MM/DD/YY\", match=REGEX (on file names), recurs=true.")
          .Produces<ComponentResource>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status400BadRequest)
          .WithResponseDescription(StatusCodes.Status400BadRequest, "An unknown component, or a reltime, abstime or match that does not read");

        group.MapGet("/{component}/files/{**path}", (string component, string path, ClaimsPrincipal user, AccountStore accounts, EngineHost host, ConfigurationArchive archive, ComponentLogService logs) =>
        {
            if (MayNotRead(user, accounts, host, archive) is { } refused) return refused;
            try
            {
                var c = ComponentLogNames.ParseComponent(component);
                logs.Flush();
                // Only a file the listing shows may be read: no path leads outside the component's folder.
                var wanted = ComponentLogNames.Of(c) + "/" + Uri.UnescapeDataString(path);
                var file = LogFileSelection.List(logs.Directory, c, recurs: true).FirstOrDefault(f => f.RelativePath == wanted);
                return file is null
                    ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "not found", detail: $"{component} has no file {path}")
                    : Results.Stream(new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete), "text/plain; charset=utf-8", System.IO.Path.GetFileName(file.Path));
            }
            catch (ComponentLogException ex)
            {
                return Invalid(ex.Message);
            }
        }).WithName("GetLogFile").WithSummary("One log file's content.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain").ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseDescription(StatusCodes.Status200OK, "The file as the component wrote it (UTF-8), as an attachment named for the file")
            .WithResponseDescription(StatusCodes.Status400BadRequest, "An unknown component")
            .WithResponseDescription(StatusCodes.Status404NotFound, "The component's listing shows no such file");

        group.MapPut("/{component}/level", async (string component, HttpRequest request, ClaimsPrincipal user, AccountStore accounts, ComponentLogService logs, ILoggerFactory loggers, CancellationToken ct) =>
        {
            if (!May(user, accounts, Role.Administrator)) return Forbidden("changing log levels is for administrators");
            // Read here rather than bound, so a body that is not the JSON asked for is told what is wrong.
            var (change, unreadable) = await JsonRequest.ReadAsync(request, LevelChangeJson, ct);
            if (change is null) return unreadable!;
            try
            {
                if (string.IsNullOrWhiteSpace(change.Level)) return Invalid("level: required, one of OFF, ERROR, WARN, INFO, DEBUG, TRACE");
                logs.Writer.SetLevel(component, change.Level);
                var c = ComponentLogNames.ParseComponent(component);
                AuditLog.LogLevelChanged(loggers.CreateLogger(AuditLog.Category), user.Identity!.Name!, ComponentLogNames.Of(c), logs.Writer.LevelOf(c).ToString());
                return Results.Ok(new LevelResource(ComponentLogNames.Of(c), logs.Writer.LevelOf(c).ToString()));
            }
            catch (ComponentLogException ex)
            {
                return Invalid(ex.Message);
            }
        }).Accepts<LevelChange>("application/json").WithName("SetLogLevel").WithSummary("Change a component's level now, without a restart; kept across restarts.")
            .Produces<LevelResource>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithResponseDescription(StatusCodes.Status400BadRequest, "A body that is not the JSON asked for (errors), or an unknown level or component (detail)");
        return app;
    }

    private static LogFileQuery Query(string? reltime, string? abstime, DateTimeOffset now)
    {
        if (reltime is not null && abstime is not null) throw new ComponentLogException("give reltime or abstime, not both");
        if (reltime is not null)
        {
            var parts = reltime.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length != 2) throw new ComponentLogException($"reltime: '{reltime}' is not 'UNIT N' (months, weeks, days, hours or minutes, and a number)");
            return LogFileSelection.Relative(parts[0], parts[1], now);
        }
        if (abstime is not null)
        {
            var parts = abstime.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length != 2) throw new ComponentLogException($"abstime: '{abstime}' is not 'FROM TO', each hh:mm:MM/DD/YY");
            return LogFileSelection.Absolute(parts[0], parts[1], TimeZoneInfo.Local.GetUtcOffset(now));
        }
        return new LogFileQuery();
    }

    private static ComponentResource Component(ComponentLog component, ComponentLogService logs, IReadOnlyList<LogFileEntry> files)
    {
        var name = ComponentLogNames.Of(component);
        return new ComponentResource(name, logs.Writer.LevelOf(component).ToString(),
            [.. files.Where(f => f.Component == component).Select(f => new LogFileResource(name, System.IO.Path.GetFileName(f.Path), f.RelativePath[(name.Length + 1)..], f.Size, f.Modified))]);
    }

    // The logs hold every team's tasks, the customers' call and ECC variables among them, and no line
    // can be kept from a team's supervisor by team: only one who supervises every agent reads them.
    // The agents are those of every configuration the logs may hold lines of (the kept ones, as the
    // logs are kept by file count, not age), not only the running one's: an agent taken out of a
    // supervisor's way does not open the logs of its past tasks to that supervisor.
    private static IResult? MayNotRead(ClaimsPrincipal user, AccountStore accounts, EngineHost host, ConfigurationArchive archive)
    {
        if (!May(user, accounts, Role.Supervisor)) return Forbidden("reading logs is for supervisors and administrators");
        var account = accounts.Find(user.Identity!.Name!)!;
        if (account.Role == Role.Administrator) return null;
        var logins = archive.All().Append(host.Configuration).SelectMany(c => c.Agents).Select(a => a.LoginId).ToHashSet();
        var outside = logins.Count(login => !account.Oversees(login));
        return outside == 0 && account.Team is { Count: > 0 } ? null : Forbidden(
            $"the component logs hold every team's tasks: reading them is for administrators and supervisors of every agent (your team has {logins.Count - outside} of the {logins.Count} the logs may name); traces and reports show your team's");
    }

    private static bool May(ClaimsPrincipal user, AccountStore accounts, Role least) =>
        user.Identity?.Name is { } name && accounts.Find(name) is { } account &&
        (account.Role == Role.Administrator || (least == Role.Supervisor && account.Role == Role.Supervisor));

    private static IResult Forbidden(string detail) => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "forbidden", detail: detail);

    private static IResult Invalid(string detail) => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid request", detail: detail);
}
