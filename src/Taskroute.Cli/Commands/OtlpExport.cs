namespace Taskroute.Cli.Commands;

/// <summary>
/// What the OpenTelemetry OTLP exporter will do with the standard OTEL_EXPORTER_OTLP_* variables,
/// said at start: the exporter speaks gRPC unless told http/protobuf, so a collector's HTTP port
/// (4318) takes nothing from it, and it logs no failed export where an operator looks.
/// </summary>
internal static class OtlpExport
{
    private const string Grpc = "grpc";
    private const string HttpProtobuf = "http/protobuf";

    /// <summary>The banner's line, or null when no collector is named (nothing is exported).</summary>
    /// <param name="variable">Reads an environment variable.</param>
    /// <param name="traces">Whether tasks' traces are exported too (a single server), or metrics alone (a silo).</param>
    public static string? Describe(Func<string, string?> variable, bool traces)
    {
        if (!Named(variable, "OTEL_EXPORTER_OTLP_ENDPOINT") && !Named(variable, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")) return null;
        var metrics = Signal(variable, "METRICS");
        var spans = Signal(variable, "TRACES");
        var exports = !traces ? $"metrics {Said(metrics)}"
            : spans == metrics ? $"traces and metrics {Said(metrics)}"
            : $"traces {Said(spans)}, metrics {Said(metrics)}";
        var hint = metrics.Protocol == Grpc || (traces && spans.Protocol == Grpc)
            ? "; gRPC is the exporter's default: for a collector's HTTP port (4318) set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"
            : "";
        return $"OpenTelemetry: {exports}{hint}. Exports that fail are not logged here: the collector's own log shows what arrives";
    }

    /// <summary>Warnings about the variables: a protocol the exporter does not take is passed over for gRPC, unsaid.</summary>
    public static IEnumerable<string> Warnings(Func<string, string?> variable)
    {
        foreach (var name in new[] { "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL" })
            if (variable(name) is { Length: > 0 } value && Protocol(value) is null)
                yield return $"{name} '{value}' is not a protocol the OTLP exporter takes ({Grpc} or {HttpProtobuf}); it is passed over";
    }

    private static string Said((string Endpoint, string Protocol) export) => $"over OTLP {(export.Protocol == Grpc ? "gRPC" : HttpProtobuf)} to {export.Endpoint}";

    // As the exporter reads them: the signal's own variable first, then the general one; a value it
    // does not take is as if unset.
    private static (string Endpoint, string Protocol) Signal(Func<string, string?> variable, string signal)
    {
        var protocol = Protocol(variable($"OTEL_EXPORTER_OTLP_{signal}_PROTOCOL")) ?? Protocol(variable("OTEL_EXPORTER_OTLP_PROTOCOL")) ?? Grpc;
        var endpoint = Value(variable, $"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT") ?? Value(variable, "OTEL_EXPORTER_OTLP_ENDPOINT")
            ?? (protocol == Grpc ? "http://localhost:4317" : "http://localhost:4318");
        return (endpoint, protocol);
    }

    // The exporter compares the trimmed value, case and all.
    private static string? Protocol(string? value) => value?.Trim() switch
    {
        Grpc => Grpc,
        HttpProtobuf => HttpProtobuf,
        _ => null,
    };

    private static bool Named(Func<string, string?> variable, string name) => Value(variable, name) is not null;

    private static string? Value(Func<string, string?> variable, string name) => variable(name) is { Length: > 0 } value ? value.Trim() : null;
}
