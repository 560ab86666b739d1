using Microsoft.AspNetCore.OpenApi;
using Taskroute.Core.Modules.Desktop.Resources;
using Taskroute.Server.Api.Traces;

namespace Taskroute.Server.Api;

/// <summary>
/// Answers that share a status with another shape (a trace or an agent's list; a dialog or the
/// closed dialog a step leaves) must each match only their own branch of the document's oneOf.
/// These are written whole, every field, null or not, so their schemas require every field, and a
/// closed dialog has nothing but its id and state.
/// </summary>
internal static class OpenApiAnswerSchemas
{
    private static readonly Type[] WrittenWhole = [typeof(TraceResource), typeof(DialogResource), typeof(ClosedDialog)];

    public static OpenApiOptions AddAnswerSchemas(this OpenApiOptions options)
    {
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;
            if (context.JsonPropertyInfo is not null || !WrittenWhole.Contains(type) || schema.Properties is null) return Task.CompletedTask;
            schema.Required = new HashSet<string>(schema.Properties.Keys);
            if (type == typeof(ClosedDialog)) schema.AdditionalPropertiesAllowed = false;
            return Task.CompletedTask;
        });
        return options;
    }
}
