using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Taskroute.Server.Api;

/// <summary>
/// How the API is signed in to, in the OpenAPI document: HTTP Basic for agents, supervisors and
/// administrators (as Finesse clients do), and a task feed's key in X-Api-Key. A client generated
/// from the document, or the browsable UI, then sends them.
/// </summary>
public static class OpenApiSecurity
{
    public const string Basic = "basic";
    public const string FeedKey = "feedKey";

    public static OpenApiOptions AddTaskrouteSecurity(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Basic] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "basic",
                Description = "An agent's login id, a supervisor or an administrator, with its password (the lab's: lab).",
            };
            document.Components.SecuritySchemes[FeedKey] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "A task feed's API key, for feeds configured with one.",
            };
            return Task.CompletedTask;
        });
        // Endpoints that need a signed-in account say so. The task feeds take a feed's key where it
        // has one, and the task list signs in where accounts are configured (the lab's is open):
        // both optional, as an empty requirement beside the scheme says.
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            // A group's root is "api/v1/tasks/".
            var path = (context.Description.RelativePath ?? "").TrimEnd('/');
            var method = context.Description.HttpMethod;
            var (scheme, optional) = metadata.OfType<IAuthorizeData>().Any() || path.EndsWith("/channel", StringComparison.Ordinal) && path.StartsWith("api/v1/agents/", StringComparison.Ordinal) ? (Basic, false)
                : path == "api/v1/tasks" && method == "GET" ? (Basic, true)
                : path == "api/v1/tasks" && method == "POST" || path.Contains("task/feed/", StringComparison.Ordinal) && method is "GET" or "POST" ? (FeedKey, true)
                : ((string?)null, false);
            if (scheme is null) return Task.CompletedTask;
            operation.Security ??= [];
            if (optional) operation.Security.Add(new OpenApiSecurityRequirement());
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] });
            if (scheme == Basic) SignInRefusals(operation, context.Document!, required: !optional);
            return Task.CompletedTask;
        });
        return options;
    }

    // What any request signed in with Basic may be answered before its endpoint runs: a wrong or
    // missing password (or a name locked out after five), and an address out of password checks.
    private static void SignInRefusals(OpenApiOperation operation, OpenApiDocument document, bool required)
    {
        operation.Responses ??= [];
        if (required || operation.Responses.ContainsKey("401"))
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "X-Requested-With",
                In = ParameterLocation.Header,
                Description = "Any value (the built-in pages send XMLHttpRequest): a 401 then comes without the WWW-Authenticate challenge, so a browser asks for no password itself.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            var unauthorized = Refusal(operation, document, "401",
                "No credentials, a wrong password, or a name locked out after wrong passwords in a row (five by default, Taskroute:SignInAttempts; its detail says so, with Retry-After)");
            OpenApiResponses.AddHeader(unauthorized, "WWW-Authenticate", "The Basic challenge; left out when the request carries X-Requested-With, as the built-in pages' do.");
            OpenApiResponses.AddHeader(unauthorized, "Retry-After", "Seconds until a locked-out name may sign in again; sent only with a lockout.");
        }
        var budget = Refusal(operation, document, "429",
            "The client's address is out of failed password checks (by default 20 at once, one more every 3 s; none while Taskroute:SignInAttempts is 0)");
        OpenApiResponses.AddHeader(budget, "Retry-After", "Seconds until the address may try a password again.");
    }

    private static OpenApiResponse Refusal(OpenApiOperation operation, OpenApiDocument document, string status, string description)
    {
        if (operation.Responses!.TryGetValue(status, out var found) && found is OpenApiResponse declared)
        {
            // An endpoint's own 429 (a full queue) answers the same way: say both.
            if (status == "429") declared.Description = $"{declared.Description}; or: {description}";
            return declared;
        }
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [OpenApiResponses.ProblemJson] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) } },
        };
        operation.Responses[status] = response;
        return response;
    }
}
