using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using Taskroute.Core.Configuration;
using Taskroute.Core.Engine;
using Taskroute.Server.Accounts;
using Taskroute.Server.Configuration;
using Taskroute.Server.Hosting;

namespace Taskroute.Server.Api.Configuration;

/// <summary>
/// The configuration the server runs under, for administrators: read it as a configuration file,
/// and change it without a restart, as CCE's configuration tools change the router's. A change
/// applies from the moment it is made (see <see cref="ConfigurationChanges"/>).
/// </summary>
public static class ConfigurationEndpoints
{
    /// <summary>What a change answers: the hashes before and after, and whether routing changed at all.</summary>
    /// <summary>
    /// What a change answers: the hashes before and after, whether routing changed at all, what it
    /// changes (<see cref="Changes"/>, one line per entity), and whether it was only a dry run.
    /// </summary>
    public sealed record ChangeResource(string Previous, string Hash, bool Changed, bool AccountsChanged, int Accounts,
        int Mrds, int SkillGroups, int PrecisionQueues, int Agents, int ScriptSelectors, int TaskFeeds,
        IReadOnlyList<string> Changes, bool DryRun);

    // What a configuration file may be sent as: YAML by its registered and its common names, or JSON.
    private static readonly string[] Yaml = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"];
    private static readonly string[] Json = ["application/json", "text/json"];

    // A contact centre of thousands of agents is a few MB of YAML; anything larger is not a configuration.
    private const int MaxBytes = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapConfigurationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/configuration").RequireAuthorization().WithTags("Configuration");

        group.MapGet("/", (ClaimsPrincipal user, AccountStore accounts, EngineHost host, HttpRequest request, HttpResponse response) =>
        {
            if (!IsAdministrator(user, accounts)) return Forbidden("the configuration is for administrators");
            var configuration = host.Configuration;
            var tag = $"\"{RoutingEngine.ConfigurationHashOf(configuration)}\"";
            response.Headers.ETag = tag;
            if (request.Headers.IfNoneMatch.Any(v => v is not null && (v.Contains(tag, StringComparison.OrdinalIgnoreCase) || v.Trim() == "*")))
                return Results.StatusCode(StatusCodes.Status304NotModified);
            return Results.Text(ConfigurationFile.ToJson(configuration), "application/json", Encoding.UTF8);
        }).WithName("GetConfiguration")
          .WithSummary("The configuration the server runs under, as a JSON configuration file (without accounts); its ETag is the configuration's hash.")
          .AddOpenApiOperationTransformer((operation, _, _) =>
          {
              var file = OpenApiResponses.Response(operation, StatusCodes.Status200OK);
              file.Description = "The configuration file";
              file.Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = OpenApiConfigurationFile.Schema() } };
              return Task.CompletedTask;
          })
          .Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status403Forbidden)
          .WithResponseHeader(StatusCodes.Status200OK, "ETag", Hash)
          .WithResponseHeader(StatusCodes.Status304NotModified, "ETag", Hash)
          .WithResponseDescription(StatusCodes.Status304NotModified, "If-None-Match names the configuration's ETag (or is *)")
          .WithParameter("If-None-Match", ParameterLocation.Header, "An ETag read before: 304 while the configuration is still that one.", new OpenApiSchema { Type = JsonSchemaType.String });

        group.MapPut("/", async (HttpRequest request, ClaimsPrincipal user, AccountStore accounts, ConfigurationChanges changes, EngineHost host, CancellationToken ct) =>
        {
            if (!IsAdministrator(user, accounts)) return Forbidden("changing the configuration is for administrators");
            var dryRun = false;
            if (request.Query.TryGetValue("dryRun", out var dry) && !(dry.Count == 1 && bool.TryParse(dry[0], out dryRun)))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid request", detail: $"dryRun: must be true or false (got '{ApiText.Clip(dry.ToString())}')");
            var parsed = request.ContentType is { } header && MediaTypeHeaderValue.TryParse(header, out var value) ? value : null;
            var type = parsed?.MediaType.Value ?? "";
            var yaml = Yaml.Contains(type, StringComparer.OrdinalIgnoreCase);
            if (!yaml && !Json.Contains(type, StringComparer.OrdinalIgnoreCase)) return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: UnsupportedType(type));
            Encoding encoding;
            try
            {
                encoding = parsed?.Encoding ?? Encoding.UTF8;
            }
            catch (ArgumentException)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid request", detail: $"charset '{ApiText.Clip(parsed!.Charset.Value ?? "")}' is not one this server reads");
            }
            if (request.ContentLength > MaxBytes) return TooLarge();
            var body = new StringBuilder();
            using (var reader = new StreamReader(request.Body, encoding))
            {
                var buffer = new char[16 * 1024];
                int n;
                while ((n = await reader.ReadAsync(buffer, ct)) > 0)
                {
                    body.Append(buffer, 0, n);
                    if (body.Length > MaxBytes) return TooLarge();
                }
            }
            var text = body.ToString();
            RoutingConfiguration configuration;
            IReadOnlyList<AccountConfig> newAccounts;
            try
            {
                (configuration, newAccounts) = ConfigurationFile.ParseWithAccounts(text, yaml);
            }
            catch (InvalidConfigurationException ex)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid configuration",
                    detail: string.Join("; ", ex.Errors),
                    extensions: new Dictionary<string, object?> { ["errors"] = ex.Errors.Select(e => new ConfigurationProblemDetails.ConfigurationMistake(e.Path, e.Message) { Entity = e.Entity }).ToList() });
            }
            if (newAccounts.Count > 0 && !AccountStore.HasAdministrator(newAccounts))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid configuration",
                    detail: "accounts: no account has the role administrator, so nobody could change the configuration again until a restart; keep one (or leave the section out to keep the accounts as they are)",
                    extensions: new Dictionary<string, object?> { ["errors"] = new[] { new { path = "accounts", message = "no administrator" } } });
            // If-Match: the configuration must still be the one read, so two administrators do not undo each other's changes.
            string? expected = null;
            if (request.Headers.IfMatch.FirstOrDefault() is { } ifMatch && ifMatch.Trim() != "*") expected = ifMatch.Trim().Trim('"');
            var running = host.Configuration;
            ConfigurationChanges.Outcome outcome;
            try
            {
                outcome = dryRun
                    ? await changes.CheckAsync(configuration, newAccounts, expected, ct)
                    : await changes.ApplyAsync(configuration, newAccounts, expected, user.Identity?.Name, ct);
            }
            catch (ConfigurationNotKeptException notKept)
            {
                // Nothing was journaled: the change waits for room in the data directory, not for another request body.
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "the configuration could not be kept", detail: notKept.Message);
            }
            if (outcome.Stale)
                return Results.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "precondition failed",
                    detail: $"the configuration changed since it was read (If-Match {ApiText.Clip(expected!)}): it is now {outcome.From}; read it again, make the change on it, and send that");
            if (!outcome.Result.Succeeded)
            {
                const string Prefix = "the new configuration has no place for open work: ";
                var detail = outcome.Result.Detail ?? "";
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "the configuration cannot take over the open work", detail: detail,
                    extensions: new Dictionary<string, object?> { ["causes"] = detail.StartsWith(Prefix, StringComparison.Ordinal) ? detail[Prefix.Length..].Split("; ") : [detail] });
            }
            return Results.Ok(new ChangeResource(outcome.From, outcome.To, outcome.Changed, outcome.AccountsChanged, dryRun ? newAccounts.Count > 0 ? newAccounts.Count : accounts.Count : accounts.Count,
                configuration.Mrds.Count, configuration.SkillGroups.Count, configuration.PrecisionQueues.Count, configuration.Agents.Count, configuration.ScriptSelectors.Count, configuration.TaskFeeds.Count,
                outcome.Changed ? ConfigurationDiff.Between(outcome.Previous ?? running, configuration) : [], dryRun));
        }).Accepts<string>(Yaml[0], [.. Yaml.Skip(1), .. Json])
          .WithName("ChangeConfiguration")
          .Produces<ChangeResource>()
          .Produces<ConfigurationProblemDetails>(StatusCodes.Status400BadRequest, OpenApiResponses.ProblemJson)
          .ProducesProblem(StatusCodes.Status403Forbidden)
          .Produces<ConfigurationProblemDetails>(StatusCodes.Status409Conflict, OpenApiResponses.ProblemJson)
          .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
          .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
          .WithResponseDescription(StatusCodes.Status400BadRequest, "The file has mistakes, each named in errors (path, message)")
          .WithResponseDescription(StatusCodes.Status409Conflict, "Open work has no place in the new configuration (an agent removed while signed in, a skill group removed with tasks queued): each cause in causes; nothing changed")
          .WithResponseDescription(StatusCodes.Status412PreconditionFailed, "If-Match no longer names the configuration: it changed since it was read")
          .WithResponseDescription(StatusCodes.Status415UnsupportedMediaType, "The body is neither YAML nor JSON, or is compressed")
          .WithResponseDescription(StatusCodes.Status503ServiceUnavailable, "The change could not be kept in the data directory")
          .WithParameter("If-Match", ParameterLocation.Header, "The configuration's ETag as read: 412, and nothing changed, when it changed since.", new OpenApiSchema { Type = JsonSchemaType.String })
          .WithParameter("dryRun", ParameterLocation.Query, "true: check the file against the running configuration and the open work, and answer what the change would do (200 with changes, or 400, 409, 412 as the change would), changing nothing.", new OpenApiSchema { Type = JsonSchemaType.Boolean })
          .WithSummary("Runs under a new configuration file (YAML or JSON, as --config reads) from now on: open work carries over; 409 names what has no place in it; the answer lists what changed. Its accounts section, if any, replaces the accounts. With dryRun=true, only says what it would do.");
        return app;
    }

    private const string Hash = "The configuration's hash, quoted: send it in If-None-Match to read only a change, in If-Match to change only what was read.";

    private static bool IsAdministrator(ClaimsPrincipal user, AccountStore accounts) =>
        user.Identity?.Name is { } name && accounts.Find(name) is { Role: Role.Administrator };

    /// <summary>Why a body of this media type is refused, for this endpoint's own 415 and routing's.</summary>
    public static string UnsupportedType(string? type) =>
        $"the body's Content-Type ({ApiText.Clip(string.IsNullOrEmpty(type) ? "none" : type)}) is not a configuration file: send YAML ({string.Join(", ", Yaml)}) or JSON ({string.Join(", ", Json)})";

    private static IResult Forbidden(string detail) => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "forbidden", detail: detail);

    private static IResult TooLarge() => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "too large",
        detail: $"a configuration file is at most {MaxBytes / (1024 * 1024)} MB");
}
