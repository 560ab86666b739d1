using System.Text.Json;
using System.Text.Json.Serialization;

namespace Taskroute.Server.Api.Agents;

/// <summary>
/// The agent API's requests, read by code generated at build time: a desktop sends one
/// request per dialog step, so the reflection-based serializer was a steady share of every task's cost.
/// </summary>
// Web's defaults read "2" as 2; a number is a number here, as a boolean is a boolean (see JsonApiOptions).
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, AllowDuplicateProperties = false, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(MediaChange))]
[JsonSerializable(typeof(DialogChange))]
[JsonSerializable(typeof(ChannelRequest))]
[JsonSerializable(typeof(ChannelTicket))]
internal sealed partial class AgentJson : JsonSerializerContext;
