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
        // Endpoints that need a signed-in account say so; the task APIs take a feed's key where it has one.
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var path = context.Description.RelativePath ?? "";
            var scheme = metadata.OfType<IAuthorizeData>().Any() ? Basic : path.StartsWith("api/v1/tasks", StringComparison.Ordinal) && context.Description.HttpMethod == "POST" ? FeedKey : null;
            if (scheme is null) return Task.CompletedTask;
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] });
            return Task.CompletedTask;
        });
        return options;
    }
}
