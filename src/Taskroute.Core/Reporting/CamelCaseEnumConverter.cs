using System.Text.Json;
using System.Text.Json.Serialization;

namespace Taskroute.Core.Reporting;

/// <summary>Writes an enum as its camel-cased name, as the APIs spell states and outcomes; reads it in any case.</summary>
public sealed class CamelCaseEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where T : struct, Enum;
