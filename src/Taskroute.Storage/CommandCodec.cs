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
            throw JournalDamagedException.OfRecord(journal, sequence, ex);
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
                TypeDiscriminatorPropertyName = "$type",
                UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
                DerivedTypes =
                {
                    new JsonDerivedType(typeof(SubmitTask), "submit"),
                    new JsonDerivedType(typeof(CancelTask), "cancel"),
                    new JsonDerivedType(typeof(SignIn), "signIn"),
                    new JsonDerivedType(typeof(SignOut), "signOut"),
                    new JsonDerivedType(typeof(SetReady), "ready"),
                    new JsonDerivedType(typeof(SetRoutable), "routable"),
                    new JsonDerivedType(typeof(ChangeMaxTaskLimit), "maxTaskLimit"),
                    new JsonDerivedType(typeof(ActOnDialog), "dialog"),
                    new JsonDerivedType(typeof(Tick), "tick"),
                    new JsonDerivedType(typeof(ChangeConfiguration), "configuration"),
                    new JsonDerivedType(typeof(UpgradeRouting), "routingRules"),
                },
            };
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
