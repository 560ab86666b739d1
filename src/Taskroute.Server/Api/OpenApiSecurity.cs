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
            return Task.CompletedTask;
        });
        return options;
    }
}
