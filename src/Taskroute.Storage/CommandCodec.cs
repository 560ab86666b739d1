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
            // A command named as this build never names one is a newer build's, not damage: a restore would not mend it.
            if (UnknownName(json) is { } unknown) throw new JournalTooNewException(sequence, unknown, ex);
            throw JournalDamagedException.OfRecord(journal, sequence, ex);
        }
    }

    // The command's name when the JSON is whole and names a command this build does not know; null otherwise.
    private static string? UnknownName(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(Discriminator, out var name) && name.ValueKind == JsonValueKind.String
                && name.GetString() is { Length: > 0 } named && !Names.Any(n => n.Name == named)
                ? named : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

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
