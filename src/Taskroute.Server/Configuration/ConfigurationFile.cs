using System.Text.Json;
using System.Text.Json.Serialization;
using Taskroute.Core.Configuration;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Taskroute.Server.Configuration;

/// <summary>
/// Loads a contact centre's configuration from a YAML or JSON file (the same shape in both), and
/// checks it. A bad file gets one message per problem, naming the field.
/// </summary>
public static class ConfigurationFile
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // Quoting never changes what a scalar means: "2" reads as 2 and "false" as false where a number
        // or a boolean belongs, and 7 or true as text in a field that takes text. YAML authors quote out
        // of habit, and a file that read before keeps reading. (A label or reject node's text is the
        // exception: a bare number there is more likely a slip than a name.)
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false), new ScriptNodeJsonConverter(), new ConditionJsonConverter(), new LenientStringConverter(), new LenientBooleanConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
        // A key given twice is a mistake (a second `mrds:` silently replacing the first), never an override.
        AllowDuplicateProperties = false,
    };

    /// <summary>Reads and validates a file; throws <see cref="InvalidConfigurationException"/> naming every problem.</summary>
    public static RoutingConfiguration Load(string path) => LoadWithAccounts(path).Routing;

    /// <summary>Reads a file's contact centre and its <c>accounts</c> section (absent: none).</summary>
    public static (RoutingConfiguration Routing, IReadOnlyList<AccountConfig> Accounts) LoadWithAccounts(string path)
    {
        if (Directory.Exists(path)) throw Invalid("file", $"'{path}' is a directory, not a configuration file");
        if (!File.Exists(path)) throw Invalid("file", $"no file '{path}'");
        var text = File.ReadAllText(path);
        return ParseWithAccounts(text, IsYaml(path, text));
    }

    // By the name where it says (.yaml, .yml, .json); otherwise by the text.
    private static bool IsYaml(string path, string text)
    {
        if (path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)) return true;
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return false;
        var start = text.AsSpan().TrimStart("\uFEFF \t\r\n");
        // JSON opens with { or [, or a comment (the reader allows them).
        return start.IsEmpty || start[0] is not ('{' or '[' or '/');
    }

    public static RoutingConfiguration Parse(string text, bool isYaml) => ParseWithAccounts(text, isYaml).Routing;

    /// <summary>
    /// Reads a configuration this server kept (the data directory's, the cluster's): as <see cref="Parse"/>,
    /// less the checks a file given now must pass that an older version did not make, so that a journal
    /// still replays under the configuration it ran under.
    /// </summary>
    public static RoutingConfiguration ParseKept(string json) => ParseWithAccounts(json, isYaml: false, given: false).Routing;

    /// <summary>The contact centre as a JSON configuration file that <see cref="Parse"/> reads back to the same configuration (accounts are not part of it).</summary>
    public static string ToJson(RoutingConfiguration configuration) => JsonSerializer.Serialize(configuration, Written);

    private static readonly JsonSerializerOptions Written = new(Options) { WriteIndented = true };

    public static (RoutingConfiguration Routing, IReadOnlyList<AccountConfig> Accounts) ParseWithAccounts(string text, bool isYaml) =>
        ParseWithAccounts(text, isYaml, given: true);

    private static (RoutingConfiguration Routing, IReadOnlyList<AccountConfig> Accounts) ParseWithAccounts(string text, bool isYaml, bool given)
    {
        string json;
        if (isYaml)
        {
            try
            {
                if (YamlExpansion.Problem(text) is { } tooLarge) throw Invalid("configuration", tooLarge);
                // YAML becomes JSON first, so both formats share one reader and one set of messages.
                var graph = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().WithDuplicateKeyChecking().Build().Deserialize<object?>(text);
                json = new SerializerBuilder().JsonCompatible().Build().Serialize(graph);
            }
            catch (YamlException ex)
            {
                // Duplicate keys are found once the text has parsed, and said with the key.
                // A key given twice is found once its mapping has parsed, so the line is the
                // mapping's, not the key's: the key is named instead.
                const string Duplicate = "Encountered duplicate key ";
                var said = ex.InnerException?.Message ?? ex.Message;
                if (said.StartsWith(Duplicate, StringComparison.Ordinal))
                {
                    var key = said[Duplicate.Length..];
                    throw YamlLines.Twice(text, key) is var (first, second)
                        ? Invalid($"line {second}", $"the key '{key}' is given twice in one mapping (first on line {first})")
                        : ex.Start.Line > 0
                            // A flow mapping ({ a: 1, a: 2 }): the parser's position is where that mapping begins.
                            ? Invalid($"line {ex.Start.Line}", $"the key '{key}' is given twice in the mapping that starts there")
                            : Invalid("configuration", $"the key '{key}' is given twice in one mapping");
                }
                // YAML's parser reports a tab where the mapping around it began: the tab's own line is the one to fix.
                if (YamlLines.FirstTabIndented(text) is { } tabbed) throw Invalid($"line {tabbed}", "a tab in the indentation: YAML indents with spaces");
                throw Invalid($"line {ex.Start.Line}", "not valid YAML: " + ex.Message);
            }
        }
        else
        {
            json = text;
        }

        RoutingConfiguration? config;
        List<AccountConfig> accounts = [];
        System.Text.Json.Nodes.JsonObject? sections = null;
        System.Text.Json.Nodes.JsonNode? accountSection = null;
        try
        {
            // Accounts belong to the server, not to the routing core: read them apart.
            var node = System.Text.Json.Nodes.JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, AllowDuplicateProperties = false });
            if (node is System.Text.Json.Nodes.JsonObject root)
            {
                sections = root;
                if (root.Any(p => string.Equals(p.Key, "timeZone", StringComparison.OrdinalIgnoreCase)))
                {
                    ZoneRules.Fill(root, given);
                    json = root.ToJsonString();
                }
                if (root["accounts"] is { } section)
                {
                    accountSection = section;
                    root.Remove("accounts");
                    json = root.ToJsonString();
                    if (section is not System.Text.Json.Nodes.JsonArray) throw Invalid("accounts", "must be a list of accounts (each - user: ..., role: ...)");
                    accounts = section.Deserialize<List<AccountConfig>>(Options) ?? [];
                }
            }
            config = JsonSerializer.Deserialize<RoutingConfiguration>(json, Options);
        }
        catch (JsonException ex) when (ex.Path is null && Where(ex) is { } where)
        {
            // The reader's own errors, where the file is not JSON at all.
            throw Invalid(where, "not valid JSON: " + Friendly(ex));
        }
        catch (JsonException ex)
        {
            // The serializer stops at the first bad field: read the parts one by one to name them all.
            var all = sections is null ? [] : PartwiseRead.Problems(sections, Options);
            if (accountSection is System.Text.Json.Nodes.JsonArray entries) all.AddRange(PartwiseRead.Problems(entries, Options));
            else if (accountSection is not null && all.Count > 0) all.Add(new ConfigurationError("accounts", "must be a list"));
            if (all.Count > 0) throw new InvalidConfigurationException(all);
            throw Invalid(Path(ex.Path), Friendly(ex));
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or FormatException)
        {
            throw Invalid("configuration", ex.Message);
        }
        if (config is null) throw Invalid("configuration", "the file is empty");
        var errors = ConfigurationValidator.Validate(config).ToList();
        errors.AddRange(ValidateAccounts(accounts, config));
        if (given) errors.AddRange(FeedKeys(config));
        if (errors.Count > 0) throw new InvalidConfigurationException(errors);
        return (config, accounts);
    }

    // An empty key would open the feed to every client (a template whose variable was unset, say); one
    // with spaces at its ends could never be sent, as HTTP trims a header's value.
    private static IEnumerable<ConfigurationError> FeedKeys(RoutingConfiguration config)
    {
        for (var i = 0; i < (config.TaskFeeds?.Count ?? 0); i++)
        {
            if (config.TaskFeeds![i]?.ApiKey is not { } key) continue;
            if (key.Trim().Length == 0)
                yield return new ConfigurationError($"taskFeeds[{i}].apiKey", "is empty: give the key the feed's clients send in X-Api-Key, or leave apiKey out for a feed open to every client");
            else if (key.Trim().Length != key.Length)
                yield return new ConfigurationError($"taskFeeds[{i}].apiKey", "starts or ends with a space, which an X-Api-Key header cannot carry: no client could send it");
        }
    }

    private static IEnumerable<ConfigurationError> ValidateAccounts(List<AccountConfig> accounts, RoutingConfiguration config)
    {
        var holes = new List<ConfigurationError>();
        for (var i = 0; i < accounts.Count; i++)
        {
            if (accounts[i] is null) holes.Add(new ConfigurationError($"accounts[{i}]", "an empty entry: give a value or remove the line"));
            else MissingValueScan.Check(accounts[i], $"accounts[{i}]", (path, message) => holes.Add(new ConfigurationError(path, message)));
        }
        if (holes.Count > 0)
        {
            foreach (var hole in holes) yield return hole;
            yield break;
        }
        // Read even when the contact centre has problems of its own (a null section, an empty entry).
        var logins = (config.Agents ?? []).Where(a => a is not null).Select(a => a.LoginId).ToHashSet();
        var users = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < accounts.Count; i++)
        {
            var a = accounts[i];
            var p = $"accounts[{i}]";
            if (string.IsNullOrWhiteSpace(a.User)) yield return new ConfigurationError($"{p}.user", "required");
            else if (!users.Add(a.User)) yield return new ConfigurationError($"{p}.user", $"'{a.User}' is defined twice");
            if (!a.PasswordHash.StartsWith("pbkdf2-sha256$", StringComparison.Ordinal))
                yield return new ConfigurationError($"{p}.passwordHash", "must be a hash made by `taskroute hash-password`, never a password");
            else if (Accounts.PasswordHash.IterationsOf(a.PasswordHash) is null)
                // No sign-in could match it: said here rather than as every password refused.
                yield return new ConfigurationError($"{p}.passwordHash", "is not a hash `taskroute hash-password` makes (pbkdf2-sha256$ITERATIONS$SALT$HASH, the iterations a whole number, salt and hash in base64): make it again");
            switch (a.Role)
            {
                case "agent":
                    var login = a.AgentLoginId ?? (int.TryParse(a.User, out var n) ? n : 0);
                    if (!logins.Contains(login)) yield return new ConfigurationError($"{p}.agentLoginId", $"no agent with login id {login}");
                    break;
                case "supervisor":
                    foreach (var member in a.Team.Where(m => !logins.Contains(m)))
                        yield return new ConfigurationError($"{p}.team", $"no agent with login id {member}");
                    break;
                case "administrator":
                    break;
                default:
                    yield return new ConfigurationError($"{p}.role", $"must be agent, supervisor or administrator (got '{a.Role}')");
                    break;
            }
        }
    }

    /// <summary>Where a JSON reader stopped, in lines and columns from 1 as an editor shows them; null when it does not say.</summary>
    public static string? Where(JsonException ex) =>
        ex?.LineNumber is { } line ? $"line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}" : null;

    /// <summary>The serializer speaks of .NET types; a configuration author wants to know what to write.</summary>
    public static string Friendly(JsonException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var message = ex.Message;
        foreach (var where in new[] { " Path: ", " LineNumber: " })
        {
            var at = message.IndexOf(where, StringComparison.Ordinal);
            if (at >= 0) message = message[..at];
        }
        if (message.StartsWith("Expected depth to be zero at the end of the JSON payload", StringComparison.Ordinal))
            return "the file ends with a mapping or list still open (a { or [ without its } or ])";
        if (message.StartsWith("The input does not contain any JSON tokens", StringComparison.Ordinal)) return "the file is empty";
        if (message.IndexOf(" is invalid after a single JSON value", StringComparison.Ordinal) is var after and > 0)
            return $"{message[..after]} after the end of the configuration (a closing bracket too many?)";
        const string Converted = "could not be converted to ";
        var to = message.IndexOf(Converted, StringComparison.Ordinal);
        if (to >= 0)
        {
            var typeName = message[(to + Converted.Length)..].TrimEnd('.', ' ');
            // A list of numbers names Int32 too: the list comes first.
            if (typeName.Contains("Collections", StringComparison.Ordinal) || typeName.Contains("[]", StringComparison.Ordinal)) return "must be a list";
            // Said with the largest, as a number past it fails the same way as a word.
            if (typeName.Contains("System.Int32", StringComparison.Ordinal)) return $"must be a whole number (at most {int.MaxValue})";
            if (typeName.Contains("System.Int64", StringComparison.Ordinal)) return $"must be a whole number (at most {long.MaxValue})";
            if (typeName.Contains("System.Double", StringComparison.Ordinal) || typeName.Contains("System.Decimal", StringComparison.Ordinal)) return "must be a number";
            if (typeName.Contains("System.Boolean", StringComparison.Ordinal)) return "must be true or false";
            if (typeName == typeof(RoutingConfiguration).FullName)
                return "the file must be a mapping of sections (mrds, skillGroups, attributes, precisionQueues, agents, scriptSelectors, taskFeeds, notReadyReasonCodes, logoutReasonCodes, accounts); see docs/examples/taskroute.yaml";
            if (typeof(RoutingConfiguration).Assembly.GetType(typeName) is { IsEnum: true } kind)
                return "must be one of " + string.Join(", ", Enum.GetNames(kind).Select(JsonNamingPolicy.CamelCase.ConvertName));
            if (typeName.StartsWith("Taskroute.", StringComparison.Ordinal)) return "must be a mapping of its settings, not a single value";
        }
        if (message.Contains("could not be mapped", StringComparison.Ordinal)) return UnknownField;
        if (message.StartsWith("Duplicate property '", StringComparison.Ordinal) && message.IndexOf('\'', 20) is var end and > 20)
            return $"the key '{message[20..end]}' is given twice in one mapping";
        return message;
    }

    internal const string UnknownField = "unknown field (check its spelling against docs/examples/taskroute.yaml)";

    private static string Path(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "configuration" : jsonPath.TrimStart('$', '.');

    private static InvalidConfigurationException Invalid(string path, string message) => new([new ConfigurationError(path, message)]);
}
