using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Taskroute.Core.Reporting;
using Taskroute.Server.Accounts;
using Taskroute.Server.Reporting;
using Taskroute.Server.Tracing;

namespace Taskroute.Server.Api.Reports;

/// <summary>
/// <c>/api/v1/reports</c>: interval statistics per MRD, skill group, precision queue, agent or script
/// selector, their sums over a period, and task detail records, as JSON or CSV (<c>?format=csv</c>
/// or <c>Accept: text/csv</c>). For supervisors and administrators.
/// </summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/reports").RequireAuthorization().WithTags("Reports");

        group.MapGet("/intervals", (string? by, string? id, string? from, string? to, string? format, HttpContext http, ClaimsPrincipal user, AccountStore accounts, ReportQuery query) =>
            Unknown(http, RowParameters) ?? Rows(by, id, from, to, format, http, user, accounts, query, summary: false))
            .WithName("GetIntervalReport")
            .WithSummary("Interval statistics (by=mrd|skillGroup|precisionQueue|agent|scriptSelector, optional id) between from and to (ISO 8601 or Unix ms; default today, UTC).")
            .Produces<IntervalReport>()
            .ProducesReport("The report's rows; with format=csv or Accept: text/csv, the rows as CSV");

        group.MapGet("/summary", (string? by, string? id, string? from, string? to, string? format, HttpContext http, ClaimsPrincipal user, AccountStore accounts, ReportQuery query) =>
            Unknown(http, RowParameters) ?? Rows(by, id, from, to, format, http, user, accounts, query, summary: true))
            .WithName("GetSummaryReport")
            .WithSummary("The same statistics summed over the whole period, one row per MRD, skill group, precision queue, agent or script selector.")
            .Produces<IntervalReport>()
            .ProducesReport("The report's rows; with format=csv or Accept: text/csv, the rows as CSV");

        group.MapGet("/tasks", (string? by, string? id, string? outcome, string? from, string? to, int? page, int? pageSize, string? format, HttpContext http,
                ClaimsPrincipal user, AccountStore accounts, ReportQuery query) =>
            Unknown(http, TaskParameters) ?? Tasks(by, id, outcome, from, to, page, pageSize, format, http, user, accounts, query))
            .WithName("GetTaskDetails")
            .WithSummary("Task detail records of the tasks that ended between from and to, optionally of one MRD, queue, agent or selector (by + id) or outcome; paged.")
            .Produces<TaskDetailPage>()
            .ProducesReport("A page of task detail records; with format=csv or Accept: text/csv, the records as CSV")
            .WithParameter("outcome", ParameterLocation.Query, "Only the tasks that ended so.",
                OpenApiResponses.Enum([.. Enum.GetNames<TaskOutcome>().Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName)]));
        return app;
    }

    private static RouteHandlerBuilder ProducesReport(this RouteHandlerBuilder builder, string answer) => builder
        .ProducesText(StatusCodes.Status200OK, "text/csv", answer)
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
        .WithResponseDescription(StatusCodes.Status403Forbidden, "An agent asked, or by=agent names an agent outside the supervisor's team")
        .WithResponseDescription(StatusCodes.Status404NotFound, "The id names no MRD, skill group, precision queue, agent or script selector of the configuration")
        .WithResponseDescription(StatusCodes.Status503ServiceUnavailable, "The reports are catching up with the journal (retryAfterSeconds)")
        .WithParameter("by", ParameterLocation.Query, "What the rows are of (mrd unless given).", OpenApiResponses.Enum("mrd", "skillGroup", "precisionQueue", "agent", "scriptSelector"))
        .WithParameter("format", ParameterLocation.Query, "json (unless given) or csv; Accept: text/csv asks for CSV too.", OpenApiResponses.Enum("json", "csv"));

    private static IResult Rows(string? by, string? id, string? from, string? to, string? format, HttpContext http, ClaimsPrincipal user, AccountStore accounts,
        ReportQuery query, bool summary)
    {
        if (Refuse(user, accounts, by, from, to, format, query, out var dimension, out var period, out var csv) is { } refused) return refused;
        var team = TeamOf(user, accounts);
        if (OutsideTeam(team, dimension, by, id, query) is { } outside) return outside;
        try
        {
            var report = summary ? query.Summary(dimension, period.From, period.To, id, team) : query.Intervals(dimension, period.From, period.To, id, team);
            return csv || WantsCsv(http) ? Results.Text(ReportCsv.Rows(report), "text/csv; charset=utf-8", Encoding.UTF8) : Results.Ok(report);
        }
        catch (ReportsBehindException ex)
        {
            return Behind(ex);
        }
    }

    private static readonly string[] RowParameters = ["by", "id", "from", "to", "format"];
    private static readonly string[] TaskParameters = ["by", "id", "outcome", "from", "to", "page", "pageSize", "format"];

    // A misspelt parameter (form= for from=, day= for a CLI option) would be passed over and the
    // report answer for today, looking like what was asked: it is named instead.
    private static IResult? Unknown(HttpContext http, string[] known)
    {
        foreach (var key in http.Request.Query.Keys)
            if (!known.Contains(key, StringComparer.OrdinalIgnoreCase))
                return Bad("unknown parameter", $"{ApiText.Clip(key)}: not a parameter of this report; it takes {string.Join(", ", known)}");
        return null;
    }

    private static IResult Tasks(string? by, string? id, string? outcome, string? from, string? to, int? page, int? pageSize, string? format, HttpContext http,
        ClaimsPrincipal user, AccountStore accounts, ReportQuery query)
    {
        if (Refuse(user, accounts, by, from, to, format, query, out var dimension, out var period, out var csv) is { } refused) return refused;
        if (by is not null && string.IsNullOrWhiteSpace(id)) return Bad("id required", $"by={by}: give the id of the {ReportQuery.Name(dimension)} too");
        var team = TeamOf(user, accounts);
        if (OutsideTeam(team, dimension, by, id, query) is { } outside) return outside;
        TaskOutcome? wanted = null;
        if (outcome is not null)
        {
            if (!Enum.TryParse<TaskOutcome>(outcome, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(outcome, out _))
                return Bad("invalid outcome", $"outcome: '{ApiText.Clip(outcome)}' is not one of {string.Join(", ", Enum.GetNames<TaskOutcome>().Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName))}");
            wanted = parsed;
        }
        var size = pageSize ?? 100;
        if (size is < 1 or > 1000) return Bad("invalid page size", $"pageSize: must be 1 to 1000 (got {size})");
        var number = page ?? 1;
        if (number < 1) return Bad("invalid page", $"page: must be 1 or more (got {number})");
        try
        {
            var key = by is null ? (ReportKey?)null : new ReportKey(dimension, id!.Trim());
            var answer = query.Tasks(period.From, period.To, key, wanted, number, size, team);
            return csv || WantsCsv(http) ? Results.Text(ReportCsv.Tasks(answer.Tasks), "text/csv; charset=utf-8", Encoding.UTF8) : Results.Ok(answer);
        }
        catch (ReportsBehindException ex)
        {
            return Behind(ex);
        }
    }

    private static IResult? Refuse(ClaimsPrincipal user, AccountStore accounts, string? by, string? from, string? to, string? format, ReportQuery query,
        out ReportDimension dimension, out (long From, long To) period, out bool csv)
    {
        period = default;
        csv = false;
        dimension = default;
        if (!(user.Identity?.Name is { } name && accounts.Find(name) is { Role: Role.Supervisor or Role.Administrator }))
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "forbidden", detail: "reports are for supervisors and administrators");
        if (!ReportQuery.TryParseDimension(by, out dimension))
            return Bad("invalid dimension", $"by: '{by}' is not one of mrd, skillGroup, precisionQueue, agent, scriptSelector");
        if (!TraceQuery.TryParseTime(from, out var since)) return Bad("invalid time", $"from: '{from}' is neither ISO 8601 nor Unix milliseconds");
        if (!TraceQuery.TryParseTime(to, out var until)) return Bad("invalid time", $"to: '{to}' is neither ISO 8601 nor Unix milliseconds");
        switch (format?.ToLowerInvariant())
        {
            case null or "json": break;
            case "csv": csv = true; break;
            default: return Bad("invalid format", $"format: '{format}' is neither json nor csv");
        }
        foreach (var (field, value) in new[] { ("from", since), ("to", until) })
            if (value < ReportQuery.Earliest || value > ReportQuery.Latest)
                return Bad("invalid time", $"{field}: reports cover times from {ReportQuery.Earliest:yyyy-MM-dd} to {ReportQuery.Latest:yyyy-MM-dd}");
        // Widened to whole intervals, the same instant twice would be a whole interval.
        if (since is { } start && until is { } end && end <= start)
            return Bad("invalid period", $"to ({end.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)}) must be after from ({start.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)})");
        period = query.Period(since, until);
        if (period.To <= period.From) return Bad("invalid period", $"to ({Iso(period.To)}) must be after from ({Iso(period.From)})");
        if (period.To - period.From > (long)ReportQuery.MaxPeriod.TotalMilliseconds)
            return Bad("period too long", $"a report covers at most {ReportQuery.MaxPeriod.TotalDays:F0} days; ask for several");
        return null;
    }

    // A supervisor reads its team: agent rows of its agents only, and the tasks its agents held or
    // no agent did (queue, MRD and selector rows are nobody's own). Administrators read everything.
    private static IReadOnlySet<int>? TeamOf(ClaimsPrincipal user, AccountStore accounts) =>
        user.Identity?.Name is { } name && accounts.Find(name) is { Role: Role.Supervisor } supervisor ? supervisor.Team ?? new HashSet<int>() : null;

    // An agent is named by its login id: one that is not a number, or no agent's, is said so before
    // whether it is the supervisor's to read.
    private static IResult? OutsideTeam(IReadOnlySet<int>? team, ReportDimension dimension, string? by, string? id, ReportQuery query)
    {
        if (by is not null && id is not null && string.IsNullOrWhiteSpace(id)) return Bad("invalid id", $"id: empty; give the id of the {ReportQuery.Name(dimension)}, or leave id out for all of them");
        // Every dimension's id is said wrong the same way an agent's is: a bad form is 400, an id
        // the configuration does not have is 404, rather than an empty report that looks like a quiet day.
        if (by is not null && id is not null && dimension != ReportDimension.Agent)
        {
            var name = id.Trim();
            if (dimension != ReportDimension.ScriptSelector && !int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                return Bad("invalid id", $"id: a {ReportQuery.Name(dimension)}'s id, a number (got '{ApiText.Clip(name)}')");
            if (!query.Knows(dimension, name))
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"no such {ReportQuery.Name(dimension)}", detail: $"no {ReportQuery.Name(dimension)} '{ApiText.Clip(name)}' in the configuration");
            return null;
        }
        if (by is null || dimension != ReportDimension.Agent || string.IsNullOrWhiteSpace(id)) return null;
        var text = id.Trim();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var login))
            return Bad("invalid id", $"id: an agent's login id, a number (got '{ApiText.Clip(text)}')");
        if (!query.IsAgent(login))
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "no such agent", detail: $"no agent with login id {login}");
        return team is not null && !ReportQuery.InTeam(team, text)
            ? Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "forbidden", detail: $"agent {text} is not in your team")
            : null;
    }

    private static bool WantsCsv(HttpContext http) =>
        http.Request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase));

    private static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("O", CultureInfo.InvariantCulture);

    private static IResult Bad(string title, string detail) => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);

    private static IResult Behind(ReportsBehindException ex) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "reports catching up", detail: ex.Message,
            extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = 2 });
}
