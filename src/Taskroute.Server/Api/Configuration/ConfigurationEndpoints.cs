using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
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
    public sealed record ChangeResource(string Previous, string Hash, bool Changed, int Mrds, int SkillGroups, int PrecisionQueues, int Agents, int ScriptSelectors, int TaskFeeds);

    // A contact centre of thousands of agents is a few MB of YAML; anything larger is not a configuration.
    private const int MaxBytes = 16 * 1024 * 1024;

    public static IEndpointRouteBuilder MapConfigurationApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/configuration").RequireAuthorization().WithTags("Configuration");

        group.MapGet("/", (ClaimsPrincipal user, AccountStore accounts, EngineHost host, HttpResponse response) =>
        {
            if (!IsAdministrator(user, accounts)) return Forbidden("the configuration is for administrators");
            var configuration = host.Configuration;
            response.Headers.ETag = $"\"{RoutingEngine.ConfigurationHashOf(configuration)}\"";
            return Results.Text(ConfigurationFile.ToJson(configuration), "application/json", Encoding.UTF8);
        }).WithName("GetConfiguration")
          .WithSummary("The configuration the server runs under, as a JSON configuration file (without accounts); its ETag is the configuration's hash.");

        group.MapPut("/", async (HttpRequest request, ClaimsPrincipal user, AccountStore accounts, ConfigurationChanges changes, CancellationToken ct) =>
        {
            if (!IsAdministrator(user, accounts)) return Forbidden("changing the configuration is for administrators");
            var type = request.ContentType is { } header && MediaTypeHeaderValue.TryParse(header, out var parsed) ? parsed.MediaType.Value ?? "" : "";
            var yaml = type.Contains("yaml", StringComparison.OrdinalIgnoreCase);
            if (!yaml && !type.EndsWith("json", StringComparison.OrdinalIgnoreCase))
                return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "unsupported media type",
                    detail: $"send the configuration file as application/yaml or application/json (got '{ApiText.Clip(type)}')");
            if (request.ContentLength > MaxBytes) return TooLarge();
            var body = new StringBuilder();
            using (var reader = new StreamReader(request.Body, Encoding.UTF8))
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
                    detail: string.Join("; ", ex.Errors.Select(e => $"{e.Path}: {e.Message}")),
                    extensions: new Dictionary<string, object?> { ["errors"] = ex.Errors.Select(e => new { path = e.Path, message = e.Message }).ToList() });
            }
            var outcome = await changes.ApplyAsync(configuration, newAccounts, ct);
            if (!outcome.Result.Succeeded)
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "the configuration cannot take over the open work", detail: outcome.Result.Detail);
            return Results.Ok(new ChangeResource(outcome.From, outcome.To, outcome.Changed, configuration.Mrds.Count, configuration.SkillGroups.Count,
                configuration.PrecisionQueues.Count, configuration.Agents.Count, configuration.ScriptSelectors.Count, configuration.TaskFeeds.Count));
        }).Accepts<string>("application/yaml", "application/json")
          .WithName("ChangeConfiguration")
          .WithSummary("Runs under a new configuration file (YAML or JSON, as --config reads) from now on: open work carries over; 409 names what has no place in it. Its accounts section, if any, replaces the accounts.");
        return app;
    }

    private static bool IsAdministrator(ClaimsPrincipal user, AccountStore accounts) =>
        user.Identity?.Name is { } name && accounts.Find(name) is { Role: Role.Administrator };

    private static IResult Forbidden(string detail) => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "forbidden", detail: detail);

    private static IResult TooLarge() => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "too large",
        detail: $"a configuration file is at most {MaxBytes / (1024 * 1024)} MB");
}
