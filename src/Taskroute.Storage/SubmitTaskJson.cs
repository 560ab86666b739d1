using System.Buffers;
using System.Text.Json;
using Taskroute.Core.Commands;
using Taskroute.Core.Flow;

namespace Taskroute.Storage;

/// <summary>
/// Writes a <see cref="SubmitTask"/> as the journal's command JSON, byte for byte what
/// <see cref="CommandCodec"/>'s serializer writes (a test holds the two together), without the
/// serializer's polymorphic path: every durable submit is encoded on the writer loop, and that path
/// cost a stack of frames and a walk over reflected metadata per submit. Reading stays with the
/// serializer.
/// </summary>
internal static class SubmitTaskJson
{
    // The loop encodes one command at a time; a writer and its buffer kept per thread are reused.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    public static byte[] Encode(SubmitTask submit)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var json = t_writer ??= new Utf8JsonWriter(buffer);
        json.Reset(buffer);
        Write(json, submit);
        json.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter json, SubmitTask submit)
    {
        json.WriteStartObject();
        json.WriteString("$type"u8, "submit"u8);
        json.WritePropertyName("data"u8);
        Write(json, submit.Data);
        json.WriteNumber("time"u8, submit.Time);
        json.WriteEndObject();
    }

    // In TaskData's declaration order, camelCase, nulls left out: the serializer's options.
    private static void Write(Utf8JsonWriter json, TaskData data)
    {
        json.WriteStartObject();
        json.WriteString("contactId"u8, data.ContactId);
        json.WriteNumber("feedId"u8, data.FeedId);
        json.WriteString("name"u8, data.Name);
        json.WriteString("title"u8, data.Title);
        if (data.Description is not null) json.WriteString("description"u8, data.Description);
        json.WriteString("scriptSelector"u8, data.ScriptSelector);
        if (data.MediaType is not null) json.WriteString("mediaType"u8, data.MediaType);
        json.WriteBoolean("requeueOnRecovery"u8, data.RequeueOnRecovery);
        json.WriteStartArray("callVariables"u8);
        for (var i = 0; i < data.CallVariables.Count; i++)
        {
            if (data.CallVariables[i] is { } value) json.WriteStringValue(value);
            else json.WriteNullValue();
        }
        json.WriteEndArray();
        json.WriteStartArray("eccVariables"u8);
        for (var i = 0; i < data.EccVariables.Count; i++)
        {
            json.WriteStartObject();
            json.WriteString("key"u8, data.EccVariables[i].Key);
            json.WriteString("value"u8, data.EccVariables[i].Value);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("tags"u8);
        for (var i = 0; i < data.Tags.Count; i++) json.WriteStringValue(data.Tags[i]);
        json.WriteEndArray();
        json.WriteNumber("priority"u8, data.Priority);
        json.WriteNumber("preferredAgentId"u8, data.PreferredAgentId);
        json.WriteStartObject("previousTask"u8);
        json.WriteNumber("day"u8, data.PreviousTask.Day);
        json.WriteNumber("key"u8, data.PreviousTask.Key);
        json.WriteNumber("sequence"u8, data.PreviousTask.Sequence);
        json.WriteBoolean("isNone"u8, data.PreviousTask.IsNone);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
