using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Taskroute.Server.Api;

/// <summary>
/// ProblemDetails as the server writes them: ASP.NET's problem service adds <c>traceId</c> (the
/// request's, to find it in the server's log) to every one, which the framework's schema of the type
/// does not name.
/// </summary>
internal static class OpenApiProblemSchemas
{
    public static OpenApiOptions AddProblemSchemas(this OpenApiOptions options)
    {
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonPropertyInfo is null && typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
            {
                schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
                schema.Properties["traceId"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "The request's trace id, as the server's log names it.",
                };
            }
            return Task.CompletedTask;
        });
        return options;
    }
}
