using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Taskroute.Core.Flow;

namespace Taskroute.Server.Api;

/// <summary>
/// The CCP Task API's two forms of a task in the OpenAPI document: the XML <c>&lt;Task&gt;</c> a POST
/// carries and the query parameters of the GET form. Their handlers read the request themselves (so
/// that any Content-Type is read as XML, as curl's default form type must be), which leaves
/// ASP.NET nothing to describe them from.
/// </summary>
internal static class OpenApiCcpTask
{
    public const string SchemaName = "CcpTask";

    /// <summary>What a POST's body declares: XML, under either of the types CCP clients send.</summary>
    public static readonly string[] ContentTypes = ["application/xml", "text/xml"];

    private const string Example = """
        <Task>
          <name>Cumulus customer</name>
          <title>Refund request</title>
          <description>Order 1234 arrived broken</description>
          <scriptSelector>CumulusTask</scriptSelector>
          <requeueOnRecovery>true</requeueOnRecovery>
          <tags><tag>vip</tag></tags>
          <variables>
            <variable><name>cv_1</name><value>gold</value></variable>
            <variable><name>user_user.order.id</name><value>1234</value></variable>
          </variables>
          <mediaType>email</mediaType>
        </Task>
        """;

    public static OpenApiSchema Schema() => new()
    {
        Type = JsonSchemaType.Object,
        Xml = new OpenApiXml { Name = "Task" },
        Description = "A task, as Cisco's CCP Task API takes it. Each element at most once; other elements are ignored.",
        Required = new HashSet<string> { "name", "title" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["name"] = Text("One line.", TaskData.MaxNameLength),
            ["title"] = Text(null, TaskRequestMapper.MaxTitleLength),
            ["description"] = Text(null, TaskRequestMapper.MaxDescriptionLength),
            ["scriptSelector"] = Text("The feed's default script selector when absent.", TaskData.MaxScriptSelectorLength),
            ["requeueOnRecovery"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "true, false, 1 or 0; empty is false." },
            ["tags"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                MaxItems = TaskData.MaxTags,
                Xml = new OpenApiXml { Name = "tags", Wrapped = true },
                Items = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = TaskRequestMapper.MaxTagLength, Xml = new OpenApiXml { Name = "tag" } },
            },
            ["variables"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "cv_1..cv_10 (call variables) and user_<ECC name> (ECC variables) reach CCE; mediaType sets the task's media type; other names are CCP extension fields.",
                Xml = new OpenApiXml { Name = "variables", Wrapped = true },
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Xml = new OpenApiXml { Name = "variable" },
                    Required = new HashSet<string> { "name", "value" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["name"] = Text(null, null),
                        ["value"] = Text(null, null),
                    },
                },
            },
            ["mediaType"] = Text(null, TaskRequestMapper.MaxMediaTypeLength),
        },
    };

    public static OpenApiRequestBody RequestBody(OpenApiDocument document) => new()
    {
        Required = true,
        Description = "The task as an XML <Task> document. A body of any other Content-Type is read as XML too; a charset in it is honoured.",
        Content = ContentTypes.ToDictionary(type => type, _ => new OpenApiMediaType
        {
            Schema = new OpenApiSchemaReference(SchemaName, document),
            Example = JsonValue.Create(Example),
        }),
    };

    /// <summary>The GET form's query parameters, matched by name as sent (a servlet's, case-sensitively).</summary>
    public static IEnumerable<OpenApiParameter> QueryParameters()
    {
        yield return Query("name", Text("One line.", TaskData.MaxNameLength), required: true);
        yield return Query("title", Text(null, TaskRequestMapper.MaxTitleLength), required: true);
        yield return Query("description", Text(null, TaskRequestMapper.MaxDescriptionLength));
        yield return Query("scriptSelector", Text("The feed's default script selector when absent.", TaskData.MaxScriptSelectorLength));
        yield return Query("requeueOnRecovery", new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "true, false, 1 or 0; empty is false." });
        // Cisco's samples send tags=a,b; a form repeats tag=.
        var tags = Query("tags", Tags(), description: "Tags, separated by commas.");
        tags.Style = ParameterStyle.Form;
        tags.Explode = false;
        yield return tags;
        var tag = Query("tag", Tags(), description: "One tag a parameter, repeated.");
        tag.Style = ParameterStyle.Form;
        tag.Explode = true;
        yield return tag;
        yield return Query("mediaType", Text("The task's media type.", TaskRequestMapper.MaxMediaTypeLength));
        for (var n = 1; n <= TaskData.CallVariableCount; n++)
            yield return Query($"variable_cv_{n}", Text(null, TaskData.MaxCallVariableLength), description: $"Call variable {n}.");
        // ECC variables are named by the client: an object whose each property is one parameter.
        yield return new OpenApiParameter
        {
            Name = "variable_user_",
            In = ParameterLocation.Query,
            Style = ParameterStyle.Form,
            Explode = true,
            Description = "ECC variables, each as its own parameter variable_user_<ECC name>=<value> (variable_user_user.order.id=1234); ECC names differing only in case are two variables.",
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                PatternProperties = new Dictionary<string, IOpenApiSchema> { ["^variable_user_.+$"] = new OpenApiSchema { Type = JsonSchemaType.String } },
                AdditionalPropertiesAllowed = false,
            },
        };
    }

    private static OpenApiSchema Tags() => new()
    {
        Type = JsonSchemaType.Array,
        MaxItems = TaskData.MaxTags,
        Items = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = TaskRequestMapper.MaxTagLength },
    };

    private static OpenApiParameter Query(string name, OpenApiSchema schema, bool required = false, string? description = null) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Required = required,
        Description = description ?? schema.Description,
        Schema = schema,
    };

    private static OpenApiSchema Text(string? description, int? maxLength) => new()
    {
        Type = JsonSchemaType.String,
        Description = description,
        MaxLength = maxLength,
    };
}
