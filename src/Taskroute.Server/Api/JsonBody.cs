using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Taskroute.Server.Api;

/// <summary>
/// A JSON answer written by the code the source generator made for its type. <c>Results.Ok(value)</c>
/// serializes through the declared type <c>object</c>, and <c>TypedResults</c> through the HTTP
/// options, whose relaxed encoder turns the generated fast path off: both took the serializer's
/// reflection-driven path even for a generated type, on every answer (the agents' benchmark, three
/// such answers per task, gained about a tenth; docs/benchmarks.md). Sent with its Content-Length,
/// not chunked.
/// </summary>
internal sealed class JsonBody<T>(T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK, string? location = null) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        if (location is not null) response.Headers.Location = location;
        response.ContentType = "application/json; charset=utf-8";
        var (scratch, json) = JsonBody.Scratch();
        JsonSerializer.Serialize(json, value, type);
        response.ContentLength = scratch.WrittenCount;
        response.BodyWriter.Write(scratch.WrittenSpan);
        JsonBody.Release(scratch);
        return Task.CompletedTask;
    }
}

internal static class JsonBody
{
    // ASP.NET Core's own JSON answers escape only what JSON requires; the same here, so a body reads
    // the same whichever way it was written.
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_scratch;
    [ThreadStatic] private static Utf8JsonWriter? t_json;

    // A body is written whole, synchronously, on one thread: each thread keeps one buffer and writer.
    internal static (ArrayBufferWriter<byte> Scratch, Utf8JsonWriter Json) Scratch()
    {
        var scratch = t_scratch ??= new ArrayBufferWriter<byte>(1024);
        scratch.ResetWrittenCount();
        var json = t_json ??= new Utf8JsonWriter(scratch, Relaxed);
        json.Reset(scratch);
        return (scratch, json);
    }

    // A thread keeps its buffer for the next body unless this one made it large (a long dialog list).
    internal static void Release(ArrayBufferWriter<byte> scratch)
    {
        if (scratch.Capacity <= 64 * 1024) return;
        t_scratch = null;
        t_json = null;
    }

    public static JsonBody<T> Ok<T>(T value, JsonTypeInfo<T> type) => new(value, type);

    public static JsonBody<T> Created<T>(string location, T value, JsonTypeInfo<T> type) => new(value, type, StatusCodes.Status201Created, location);
}
