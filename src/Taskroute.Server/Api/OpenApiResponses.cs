using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Taskroute.Server.Api.Agents;

namespace Taskroute.Server.Api;

/// <summary>
/// What an endpoint answers that <c>Produces</c> alone cannot declare: several bodies under one
/// status (a later <c>Produces</c> for a status replaces the earlier), a second content type, a
/// never-ending stream, response headers, and parameters the handler reads itself. Each is the
/// endpoint's own operation transformer, declared beside its route.
/// </summary>
internal static class OpenApiResponses
{
    public const string ProblemJson = "application/problem+json";

    /// <summary>A refusal carrying CCE's ARM reason and code, as the agent API answers its 404, 409 and 429.</summary>
    public static RouteHandlerBuilder ProducesArmProblem(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses) builder.Produces<ArmProblemDetails>(status, ProblemJson);
        return builder;
    }

    /// <summary>One status answered with any of several bodies, each a schema in components.</summary>
    public static RouteHandlerBuilder ProducesOneOf(this RouteHandlerBuilder builder, int status, string description, params Type[] types) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, ct) =>
        {
            var branches = new List<IOpenApiSchema>();
            foreach (var type in types) branches.Add(await ComponentAsync(type, context, ct));
            var response = Response(operation, status);
            response.Description = description;
            response.Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchema { OneOf = branches } } };
        });

    /// <summary>A Server-Sent Events stream: 200 <c>text/event-stream</c>, which a client must read as it comes, never to its end.</summary>
    public static RouteHandlerBuilder ProducesEventStream(this RouteHandlerBuilder builder, string description) =>
        builder.Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                Response(operation, StatusCodes.Status200OK).Description = description;
                return Task.CompletedTask;
            });

    /// <summary>A second representation of a status's answer, as text (CSV, a log file).</summary>
    public static RouteHandlerBuilder ProducesText(this RouteHandlerBuilder builder, int status, string contentType, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var response = Response(operation, status);
            response.Description = description;
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content[contentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            return Task.CompletedTask;
        });

    public static RouteHandlerBuilder WithResponseDescription(this RouteHandlerBuilder builder, int status, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            Response(operation, status).Description = description;
            return Task.CompletedTask;
        });

    public static RouteHandlerBuilder WithResponseHeader(this RouteHandlerBuilder builder, int status, string name, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            AddHeader(Response(operation, status), name, description);
            return Task.CompletedTask;
        });

    /// <summary>A parameter the handler reads from the request itself, or a bound one's schema said more exactly.</summary>
    public static RouteHandlerBuilder WithParameter(this RouteHandlerBuilder builder, string name, ParameterLocation where, string description, OpenApiSchema schema) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            var existing = operation.Parameters.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == name && p.In == where);
            if (existing is null) operation.Parameters.Add(existing = new OpenApiParameter { Name = name, In = where });
            existing.Description = description;
            existing.Schema = schema;
            return Task.CompletedTask;
        });

    public static OpenApiSchema Enum(params string[] values) => new()
    {
        Type = JsonSchemaType.String,
        Enum = [.. values.Select(v => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(v))],
    };

    public static void AddHeader(OpenApiResponse response, string name, string description)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader
        {
            Description = description,
            Schema = new OpenApiSchema { Type = name == "Retry-After" ? JsonSchemaType.Integer : JsonSchemaType.String },
        };
    }

    /// <summary>The operation's answer for a status, made when the endpoint's metadata did not declare it.</summary>
    public static OpenApiResponse Response(OpenApiOperation operation, int status)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.TryGetValue(key, out var found) && found is OpenApiResponse response) return response;
        response = new OpenApiResponse { Description = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) };
        operation.Responses[key] = response;
        return response;
    }

    // The type's schema as the framework makes it, kept once in components under the type's name.
    private static async Task<IOpenApiSchema> ComponentAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
            document.AddComponent(type.Name, await context.GetOrCreateSchemaAsync(type, null, ct));
        return new OpenApiSchemaReference(type.Name, document);
    }
}
