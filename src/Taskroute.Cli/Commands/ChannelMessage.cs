using System.Text;
using System.Text.Json;
using Taskroute.Core.Flow;

namespace Taskroute.Cli.Commands;

/// <summary>
/// What a simulated agent reads of a message on its agent channel, and the dialog steps it sends:
/// read and written on bytes, since the load generator's every microsecond is taken from the server
/// it shares the machine with.
/// </summary>
internal readonly record struct ChannelMessage(bool Reply, long Id, int Status, bool Offered, string? DialogId, Guid ContactId)
{
    public static ChannelMessage Read(ReadOnlySpan<byte> message)
    {
        var reader = new Utf8JsonReader(message);
        bool reply = false, offered = false;
        long id = 0;
        int status = 0;
        string? dialogId = null;
        var contact = Guid.Empty;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8)) { reader.Read(); reply = reader.ValueTextEquals("reply"u8); }
            else if (reader.ValueTextEquals("state"u8)) { reader.Read(); offered = reader.ValueTextEquals("OFFERED"u8); }
            else if (reader.ValueTextEquals("id"u8)) { reader.Read(); if (reader.TokenType == JsonTokenType.Number) id = reader.GetInt64(); }
            else if (reader.ValueTextEquals("status"u8)) { reader.Read(); status = reader.GetInt32(); }
            else if (reader.ValueTextEquals("dialogId"u8)) { reader.Read(); dialogId = reader.GetString(); }
            else if (reader.ValueTextEquals("contactId"u8)) { reader.Read(); if (reader.TokenType == JsonTokenType.String) contact = reader.GetGuid(); }
            else { reader.Read(); reader.Skip(); }
        }
        return new ChannelMessage(reply, id, status, offered && !reply, dialogId, contact);
    }

    /// <summary>Writes <c>{"id":N,"dialogId":"...","action":"..."}</c> and answers its length.</summary>
    public static int Step(Span<byte> into, long id, string dialogId, DialogAction action)
    {
        "{\"id\":"u8.CopyTo(into);
        var written = 6;
        id.TryFormat(into[written..], out var digits, provider: System.Globalization.CultureInfo.InvariantCulture);
        written += digits;
        written += Append(into[written..], ",\"dialogId\":\""u8);
        written += Encoding.ASCII.GetBytes(dialogId, into[written..]);
        written += Append(into[written..], action switch
        {
            DialogAction.Accept => "\",\"action\":\"ACCEPT\"}"u8,
            DialogAction.Start => "\",\"action\":\"START\"}"u8,
            _ => "\",\"action\":\"CLOSE\"}"u8,
        });
        return written;
    }

    private static int Append(Span<byte> into, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(into);
        return bytes.Length;
    }
}
