using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Taskroute.Core.Commands;

namespace Taskroute.Storage;

/// <summary>
/// Commands as JSON for the journal. The core knows no JSON, so the mapping of command types to
/// names lives here, attached to the serializer instead of to the core's types.
/// </summary>
public static class CommandCodec
{
    private const string Discriminator = "$type";

    // Each command's name in the journal, written and read; a name is never given to another command.
    private static readonly (Type Type, string Name)[] Names =
    [
        (typeof(SubmitTask), "submit"),
        (typeof(CancelTask), "cancel"),
        (typeof(SignIn), "signIn"),
        (typeof(SignOut), "signOut"),
        (typeof(SetReady), "ready"),
        (typeof(SetRoutable), "routable"),
        (typeof(ChangeMaxTaskLimit), "maxTaskLimit"),
        (typeof(ActOnDialog), "dialog"),
        (typeof(Tick), "tick"),
        (typeof(ChangeConfiguration), "configuration"),
        (typeof(UpgradeRouting), "routingRules"),
    ];

    private static readonly JsonSerializerOptions Options = Create();

    public static string Encode(Command command) => JsonSerializer.Serialize(command, Options);

    /// <summary>The same JSON as <see cref="Encode"/>, as UTF-8: what the journal stores, without a string in between.</summary>
    public static byte[] EncodeUtf8(Command command) =>
        command is SubmitTask submit ? SubmitTaskJson.Encode(submit) : SerializeUtf8(command);

    /// <summary>What the serializer itself writes for <paramref name="command"/>: the form <see cref="SubmitTaskJson"/> keeps to.</summary>
    internal static byte[] SerializeUtf8(Command command) => JsonSerializer.SerializeToUtf8Bytes(command, Options);

    public static Command Decode(string json) =>
        JsonSerializer.Deserialize<Command>(json, Options) ?? throw new JsonException("empty command");

    /// <summary>Decodes a journal record's command; one that cannot be read is the journal's damage, said with where it is (<paramref name="journal"/>: its file, or its table).</summary>
    public static Command DecodeRecord(string json, long sequence, string journal)
    {
        try
        {
            return Decode(json);
        }
        catch (Exception ex) when (JournalDamagedException.IsDecodeFailure(ex))
        {
            // A command named as this build never names one, or a known command with a value this build
            // has no name for (a newer build's dialog action, say), is a newer build's, not damage: a
            // restore would not mend it. A torn or garbled record is not whole JSON, and stays damage.
            if (Unknown(json, ex) is { } unknown) throw new JournalTooNewException(sequence, unknown, ex);
            throw JournalDamagedException.OfRecord(journal, sequence, ex);
        }
    }

    // What this build does not know in a record that is whole JSON naming a command: the command, or
    // a name given where this build's field is an enum without it (a newer build's dialog action);
    // null when the record is not whole or fails otherwise.
    private static string? Unknown(string json, Exception failure)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty(Discriminator, out var name) || name.ValueKind != JsonValueKind.String
                || name.GetString() is not { Length: > 0 } named) return null;
            var command = Names.FirstOrDefault(n => n.Name == named).Type;
            if (command is null) return $"command '{named}'";
            if (failure is not JsonException { Path: { Length: > 1 } path } || At(document.RootElement, command, path) is not ({ ValueKind: JsonValueKind.String } value, { } type)) return null;
            var read = Nullable.GetUnderlyingType(type) ?? type;
            return read.IsEnum && value.GetString() is { } given && !Enum.GetNames(read).Contains(given, StringComparer.OrdinalIgnoreCase)
                ? $"value '{Clip(given)}' of {path} in command '{named}'"
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // The element a serializer's path ($.action) names and the type this build reads it as, where both
    // can be followed through the command's fields (commands hold no lists of named values).
    private static (JsonElement Value, Type Type)? At(JsonElement root, Type command, string path)
    {
        var at = root;
        var type = command;
        foreach (var property in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (at.ValueKind != JsonValueKind.Object || !at.TryGetProperty(property, out at)) return null;
            if (Options.GetTypeInfo(type).Properties.FirstOrDefault(p => p.Name == property) is not { } field) return null;
            type = field.PropertyType;
        }
        return (at, type);
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static JsonSerializerOptions Create()
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(info =>
        {
            if (info.Type != typeof(Command)) return;
            info.PolymorphismOptions = new JsonPolymorphismOptions
            {
                TypeDiscriminatorPropertyName = Discriminator,
                UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
            };
            foreach (var (type, name) in Names) info.PolymorphismOptions.DerivedTypes.Add(new JsonDerivedType(type, name));
        });
        return new JsonSerializerOptions
        {
            TypeInfoResolver = resolver,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters = { new JsonStringEnumConverter() },
        };
    }
}
