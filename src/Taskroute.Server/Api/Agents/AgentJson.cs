using System.Text.Json;
using System.Text.Json.Serialization;

namespace Taskroute.Server.Api.Agents;

/// <summary>
/// The agent API's requests, read by code generated at build time: a desktop sends one
/// request per dialog step, so the reflection-based serializer was a steady share of every task's cost.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, AllowDuplicateProperties = false)]
[JsonSerializable(typeof(MediaChange))]
[JsonSerializable(typeof(DialogChange))]
[JsonSerializable(typeof(ChannelRequest))]
[JsonSerializable(typeof(ChannelTicket))]
internal sealed partial class AgentJson : JsonSerializerContext;
