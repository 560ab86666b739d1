using System.Text.Json;
using System.Text.Json.Serialization;

namespace Taskroute.Server.Api.Tasks;

/// <summary>
/// The task API's bodies, read and written by code generated at build time: every submit reads one
/// and answers one, and the reflection-based serializer cost more than the routing did.
/// </summary>
// Web's defaults read "5" as 5; a number is a number here, as a boolean is a boolean (see JsonApiOptions).
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, AllowTrailingCommas = false, MaxDepth = 16, AllowDuplicateProperties = false, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(TaskSubmission))]
[JsonSerializable(typeof(TaskResource))]
[JsonSerializable(typeof(TaskNoLongerKept))]
internal sealed partial class TaskJson : JsonSerializerContext;
