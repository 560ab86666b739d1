using System.Text.Json;
using System.Text.Json.Serialization;

namespace Taskroute.Core.Modules.Desktop.Resources;

/// <summary>
/// The agent API's views as JSON, by code generated at build time: a single server writes them to
/// its clients, and a cluster's domain hands them to the front end that asked, which passes them on.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AgentResource))]
[JsonSerializable(typeof(DialogResource))]
[JsonSerializable(typeof(List<DialogResource>))]
[JsonSerializable(typeof(ClosedDialog))]
public sealed partial class DesktopJson : JsonSerializerContext;
