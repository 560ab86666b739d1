using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Taskroute.Core.Flow;
using Taskroute.Server.Api.Tasks;

namespace Taskroute.Server.Api;

/// <summary>
/// The task APIs in the OpenAPI document as a client must call them: what the handlers read from the
/// request themselves (the CCP body and query, the headers) and the rules they check beyond the
/// parameters' C# types. Only the document changes: binding, error messages and the 415 routing
/// would answer an undeclared Content-Type stay as they are.
/// </summary>
public static class OpenApiTaskApi
{
    private const string Xml = "application/xml";

    public static OpenApiOptions AddTaskApiDescription(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas[OpenApiCcpTask.SchemaName] = OpenApiCcpTask.Schema();
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            // A group's root is "api/v1/tasks/".
            var path = (context.Description.RelativePath ?? "").TrimEnd('/');
            var method = context.Description.HttpMethod;
            var ccpFeed = path is "ccp/task/feed/{feedId}" or "ccp/rest/task/feed/{feedId}";
            switch (method)
            {
                case "POST" when ccpFeed:
                    operation.RequestBody = OpenApiCcpTask.RequestBody(context.Document!);
                    CcpSubmit(operation);
                    break;
                case "GET" when ccpFeed:
                    foreach (var parameter in OpenApiCcpTask.QueryParameters()) (operation.Parameters ??= []).Add(parameter);
                    CcpSubmit(operation);
                    break;
                case "POST" when path == "api/v1/tasks":
                    (operation.Parameters ??= []).Add(IdempotencyKey());
                    operation.Responses ??= [];
                    operation.Responses["415"] = new OpenApiResponse
                    {
                        Description = "The body is not application/json",
                        Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) } },
                    };
                    Headers(operation, "201", Location(), CreatedETag(), Replayed());
                    CreatedOrNoLongerKept(operation, context.Document!);
                    RetryAfter(operation);
                    break;
                case "GET" when path == "api/v1/tasks":
                    ListQuery(operation);
                    break;
                case "GET" when path == "api/v1/tasks/{id}":
                    (operation.Parameters ??= []).Add(Header("If-None-Match", "An ETag of the task read before: 304 while it still is the task's."));
                    Headers(operation, "200", ETag());
                    Headers(operation, "304", ETag());
                    break;
                case "DELETE" when path == "api/v1/tasks/{id}":
                    (operation.Parameters ??= []).Add(Header("If-Match", "The task's ETag as last read: 412, and nothing cancelled, when the task has changed since."));
                    Headers(operation, "200", ETag());
                    break;
            }
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;
            if (type == typeof(TaskSubmission) && context.JsonPropertyInfo is null)
            {
                // Nullable in C# so that a missing one is reported with the task's other errors, not by the JSON reader.
                schema.Required ??= new HashSet<string>();
                schema.Required.Add("name");
                schema.Required.Add("title");
                Replace(schema, "name", new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = TaskData.MaxNameLength, Description = "One line." });
                Replace(schema, "title", new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = TaskRequestMapper.MaxTitleLength });
                if (schema.Properties?.TryGetValue("priority", out var priority) == true && priority is OpenApiSchema bounded)
                {
                    bounded.Minimum = "0";
                    bounded.Maximum = "10";
                }
            }
            else if (type == typeof(TaskResource) && context.JsonPropertyInfo is null)
            {
                Replace(schema, "status", Status());
            }
            return Task.CompletedTask;
        });
        return options;
    }

    // A CCP submit, either form: its key, the 401 of a keyed feed, and the answers' headers.
    private static void CcpSubmit(OpenApiOperation operation)
    {
        (operation.Parameters ??= []).Add(IdempotencyKey());
        operation.Responses ??= [];
        operation.Responses["401"] = new OpenApiResponse
        {
            Description = "The feed is configured with an API key, and X-Api-Key does not carry it",
            Content = new Dictionary<string, OpenApiMediaType> { [Xml] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
        };
        operation.Responses["415"] = new OpenApiResponse
        {
            Description = "The body is sent compressed (Content-Encoding): send it uncompressed",
            Content = new Dictionary<string, OpenApiMediaType> { [Xml] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
            Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Accept-Encoding"] = new OpenApiHeader { Description = "identity: the only coding a body may come in.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        };
        Headers(operation, "201", Location(), Replayed());
        RetryAfter(operation);
    }

    // A retry whose first task was let go of is still a 201, with the task's id and why nothing more is said.
    private static void CreatedOrNoLongerKept(OpenApiOperation operation, OpenApiDocument document)
    {
        if (operation.Responses?.TryGetValue("201", out var found) != true || found is not OpenApiResponse created) return;
        created.Description = "The task; for an Idempotency-Key retry whose task has ended and is no longer kept, its id and why";
        created.Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/json"] = new()
            {
                Schema = new OpenApiSchema
                {
                    OneOf =
                    [
                        new OpenApiSchemaReference(nameof(TaskResource), document),
                        new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Description = "A retried submit's task that ended long enough ago to be let go of.",
                            Required = new HashSet<string> { "id", "detail" },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["id"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
                                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Examples = [JsonValue.Create(TaskNoLongerKept.Because)] },
                            },
                        },
                    ],
                },
            },
        };
    }

    private static void ListQuery(OpenApiOperation operation)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            parameter.Schema = parameter.Name switch
            {
                "status" => Status(),
                "page" => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Default = JsonValue.Create(1) },
                "pageSize" => new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1",
                    Maximum = TaskEndpoints.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Default = JsonValue.Create(TaskEndpoints.DefaultPageSize),
                },
                _ => parameter.Schema,
            };
        }
    }

    private static OpenApiSchema Status() => new()
    {
        Type = JsonSchemaType.String,
        Enum = [.. CcpStatusNames.All.Select(s => (JsonNode)JsonValue.Create(s))],
    };

    private static void Replace(OpenApiSchema schema, string property, OpenApiSchema with)
    {
        if (schema.Properties?.ContainsKey(property) == true) schema.Properties[property] = with;
    }

    private static void RetryAfter(OpenApiOperation operation)
    {
        foreach (var status in new[] { "429", "503" }) Headers(operation, status, ("Retry-After", new OpenApiHeader
        {
            Description = "Seconds to wait before trying again.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" },
        }));
    }

    private static void Headers(OpenApiOperation operation, string status, params (string Name, OpenApiHeader Header)[] headers)
    {
        if (operation.Responses?.TryGetValue(status, out var found) != true || found is not OpenApiResponse response) return;
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        foreach (var (name, header) in headers) response.Headers[name] = header;
    }

    private static OpenApiParameter IdempotencyKey() => new()
    {
        Name = "Idempotency-Key",
        In = ParameterLocation.Header,
        Description = "A key of the client's choosing: a retry with the same key and task gets the task the first try made (with Idempotent-Replayed), for a day.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyKeyHeader.MaxLength },
    };

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static (string, OpenApiHeader) Location() => ("Location", new OpenApiHeader
    {
        Description = "The task's URL.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
    });

    private static (string, OpenApiHeader) ETag() => ("ETag", new OpenApiHeader
    {
        Description = "The task's entity tag, for If-None-Match and If-Match.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    });

    // A retry whose task is no longer kept has no representation to tag: its 201 comes without one.
    private static (string, OpenApiHeader) CreatedETag() => ("ETag", new OpenApiHeader
    {
        Description = "The task's entity tag, for If-None-Match and If-Match; not sent with the {id, detail} body of a retry whose task is no longer kept (nothing at its Location to tag).",
        Required = false,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    });

    private static (string, OpenApiHeader) Replayed() => ("Idempotent-Replayed", new OpenApiHeader
    {
        Description = "true when an Idempotency-Key retry was answered with the task its first try made.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("true")] },
    });
}
