using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Taskroute.Server.Api;

/// <summary>
/// Reads a request's JSON body, bounded in size, and says what is wrong with it in JSON's terms.
/// The framework's own binding answered a bad body with a bare 400, and the serializer's messages
/// name .NET types (<c>System.Nullable`1[System.Int32]</c>) a client has never heard of.
/// </summary>
internal static class JsonRequest
{
    /// <summary>The largest body read, as for the CCP Task API's XML.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>The value read, or the ProblemDetails to answer instead (413 too large, 400 not valid).</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken ct) where T : class
    {
        if (request.ContentLength > MaxBodyBytes) return (null, TooLarge());
        var body = request.BodyReader;
        while (true)
        {
            var read = await body.ReadAsync(ct);
            var buffer = read.Buffer;
            if (buffer.Length > MaxBodyBytes)
            {
                body.AdvanceTo(buffer.End);
                return (null, TooLarge());
            }
            if (!read.IsCompleted)
            {
                body.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }
            try
            {
                return Parse(buffer, type);
            }
            finally
            {
                body.AdvanceTo(buffer.End);
            }
        }
    }

    private static (T? Value, IResult? Problem) Parse<T>(ReadOnlySequence<byte> buffer, JsonTypeInfo<T> type) where T : class
    {
        // RFC 8259 lets a reader pass over a UTF-8 byte order mark, and Windows tools write one; the
        // reader takes a span or a sequence as the JSON itself, so it would see the mark as a value.
        if (buffer.Length >= 3)
        {
            Span<byte> start = stackalloc byte[3];
            buffer.Slice(0, 3).CopyTo(start);
            if (start.SequenceEqual(Utf8Mark)) buffer = buffer.Slice(3);
            // A UTF-16 mark (Windows' "Unicode", PowerShell 5's default): the reader would say only that
            // 0xFF cannot start a value.
            else if (start[0] is 0xFF && start[1] is 0xFE || start[0] is 0xFE && start[1] is 0xFF)
                return (null, Invalid("the body is UTF-16 text (it starts with a UTF-16 byte order mark): send JSON in UTF-8"));
        }
        try
        {
            var reader = new Utf8JsonReader(buffer);
            var value = JsonSerializer.Deserialize(ref reader, type);
            // The serializer stops after one value; anything but whitespace after it is an error too.
            if (reader.Read()) return (null, Invalid("the body holds more than one JSON value"));
            return value is null ? (null, Invalid("a JSON object is required")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Invalid(Describe(ex)));
        }
    }

    private static ReadOnlySpan<byte> Utf8Mark => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// What is wrong with a body, without the serializer's .NET type names; a field the request does
    /// not have is named, followed by <paramref name="fields"/> (where to find the request's fields, or their list).
    /// </summary>
    /// <param name="ex">The serializer's refusal.</param>
    /// <param name="fields">Said after an unknown field's name; the OpenAPI document when null.</param>
    public static string Describe(JsonException ex, string? fields = null)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var path = ex.Path is { Length: > 1 } p ? p : null;
        // Text that is not UTF-8 is found as a string is read: the serializer's "could not be converted" wraps it.
        if (ex.InnerException is InvalidOperationException or ArgumentException && ex.InnerException.Message.Contains("UTF-8", StringComparison.Ordinal))
            return $"{path ?? "the body"} is not valid UTF-8 text (send JSON in UTF-8)";
        if (ex.InnerException?.Message.Contains("surrogate", StringComparison.OrdinalIgnoreCase) == true)
            return $"{path ?? "the body"} is not valid text: it holds half of a UTF-16 surrogate pair (\\ud800 to \\udfff alone), which stands for no character";
        if (ex.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
            return path is null ? "a JSON object is required" : $"{path} has a value of the wrong type{Expected(ex.Message)}";
        // "The JSON property 'x' could not be mapped to any .NET member contained in type '...'"
        if (ex.Message.StartsWith("The JSON property '", StringComparison.Ordinal) && ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var name = ex.Message["The JSON property '".Length..];
            name = name[..Math.Max(0, name.IndexOf('\'', StringComparison.Ordinal))];
            var parent = path is { Length: > 0 } && path.LastIndexOf('.') is var dot and > 0 ? path[..dot] : "$";
            return $"{parent}.{name} is not a field of this request ({fields ?? "see /openapi/v1.json for the fields"})";
        }
        var message = ex.Message;
        // "Duplicate property 'name' encountered during deserialization of type '...'": the type is the server's.
        if (message.StartsWith("Duplicate property", StringComparison.Ordinal))
            return $"{path ?? "a property"} is given more than once";
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        // The reader's words for what its options could allow: the client cannot change them.
        message = message.Replace(" which is not supported in this mode. Change the reader options", " which JSON does not allow", StringComparison.Ordinal)
            .Replace("Expected the input to start with a valid JSON token, when isFinalBlock is true", "a JSON object is required", StringComparison.Ordinal);
        var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
        return $"not valid JSON: {message.TrimEnd('.', ' ')}{(path is null ? "" : $" at {path}")}{where}";
    }

    // What a field takes, from the .NET type the serializer names ("...converted to System.Nullable`1[System.Int32]. Path: ...").
    private static string Expected(string message)
    {
        var at = message.IndexOf("converted to ", StringComparison.Ordinal);
        if (at < 0) return "";
        var type = message[(at + "converted to ".Length)..];
        var end = type.IndexOf(". Path", StringComparison.Ordinal);
        if (end >= 0) type = type[..end];
        return type switch
        {
            _ when type.Contains("System.Int32", StringComparison.Ordinal) => $": a whole number of at most ±{int.MaxValue:N0} is expected",
            _ when type.Contains("System.Int64", StringComparison.Ordinal) => ": a whole number is expected",
            _ when type.Contains("System.Boolean", StringComparison.Ordinal) => ": true or false is expected",
            _ when type.Contains("Dictionary", StringComparison.Ordinal) => ": an object of names and strings is expected",
            _ when type.Contains("[]", StringComparison.Ordinal) || type.Contains("List", StringComparison.Ordinal) => ": an array is expected",
            "System.String" => ": a string is expected",
            _ => "",
        };
    }

    private static IResult Invalid(string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [message] });

    private static IResult TooLarge() =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "body too large", detail: $"the body is larger than {MaxBodyBytes} bytes");
}
