using System.Net.Http.Json;
using System.Diagnostics;
using Taskroute.Core.Configuration;
using Taskroute.Core.Lab;
using Taskroute.Server.Configuration;

namespace Taskroute.Server.Tests;

public class ConfigurationFileTests
{
    internal static string Example => Path.Combine(RepositoryRoot(), "docs", "examples", "taskroute.yaml");

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Taskroute.slnx"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [Fact]
    public void A_yaml_file_whose_aliases_expand_to_billions_of_values_is_refused_before_it_is_expanded()
    {
        var lines = new List<string> { "a: &a [x, x, x, x, x, x, x, x, x]" };
        for (var c = 'b'; c <= 'i'; c++) lines.Add($"{c}: &{c} [{string.Join(", ", Enumerable.Repeat("*" + (char)(c - 1), 9))}]");
        var refused = Assert.Throws<InvalidConfigurationException>(() => ConfigurationFile.Parse(string.Join("\n", lines), isYaml: true));
        Assert.Contains("more than 1,000,000 values once its aliases (*name) are expanded", refused.Message, StringComparison.Ordinal);
        // Aliases that stay small are a YAML author's right.
        var reused = ConfigurationFile.Parse("""
            mrds: [{ id: 1, name: Chat, maxTasksPerAgent: 2 }]
            skillGroups: [{ id: 10, name: A, mrdId: 1 }, { id: 11, name: B, mrdId: 1 }]
            agents:
              - { id: 100, loginId: 1000, skillGroups: &both [10, 11] }
              - { id: 101, loginId: 1001, skillGroups: *both }
            """, isYaml: true);
        Assert.Equal([10, 11], reused.Agents[1].SkillGroups);
    }

    [Fact]
    public void A_configuration_written_as_json_reads_back_as_the_same_configuration()
    {
        // What a data directory keeps of each configuration its journal ran under (configurations/HASH.json).
        foreach (var config in new[] { LabConfiguration.Create(), ConfigurationFile.Load(Example) })
        {
            var json = ConfigurationFile.ToJson(config);
            var read = ConfigurationFile.Parse(json, isYaml: false);
            Assert.Equal(Core.Engine.RoutingEngine.ConfigurationHashOf(config), Core.Engine.RoutingEngine.ConfigurationHashOf(read));
            Assert.Equal(json, ConfigurationFile.ToJson(read));
        }
    }

    private const string Zoned = """
        timeZone: Europe/Berlin
        mrds: [{ id: 1, name: Chat }]
        skillGroups: [{ id: 10, name: A, mrdId: 1 }]
        scriptSelectors: [{ name: S, mrdId: 1, script: [ { queue: { skillGroups: [10] } } ] }]
        """;

    [Fact]
    public void A_time_zone_is_read_as_its_clock_on_this_machine_summer_time_included_and_kept_with_that_clock()
    {
        var config = ConfigurationFile.Parse(Zoned, isYaml: true);
        var offsets = config.TimeZoneOffsets!;
        int At(DateTimeOffset t) => offsets.Last(o => o.From <= t).OffsetMinutes;
        Assert.Equal(60, At(new DateTimeOffset(2024, 1, 30, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(60, At(new DateTimeOffset(2024, 3, 31, 0, 59, 59, TimeSpan.Zero)));
        Assert.Equal(120, At(new DateTimeOffset(2024, 3, 31, 1, 0, 0, TimeSpan.Zero)));
        Assert.Equal(120, At(new DateTimeOffset(2024, 10, 27, 0, 59, 59, TimeSpan.Zero)));
        Assert.Equal(60, At(new DateTimeOffset(2024, 10, 27, 1, 0, 0, TimeSpan.Zero)));
        Assert.Equal(60, At(new DateTimeOffset(2040, 12, 24, 18, 0, 0, TimeSpan.Zero)));

        // The data directory keeps it as written, and reads back the clock it kept, not this machine's.
        var kept = ConfigurationFile.ToJson(config);
        Assert.Contains("\"timeZoneOffsets\"", kept, StringComparison.Ordinal);
        var otherRules = kept.Replace("\"2024-03-31T01:00:00+00:00\"", "\"2024-04-07T01:00:00+00:00\"", StringComparison.Ordinal);
        Assert.NotEqual(kept, otherRules);
        var read = ConfigurationFile.ParseKept(otherRules);
        Assert.Equal(new DateTimeOffset(2024, 4, 7, 1, 0, 0, TimeSpan.Zero), read.TimeZoneOffsets!.First(o => o.From.Year == 2024).From);
        Assert.NotEqual(Core.Engine.RoutingEngine.ConfigurationHashOf(config), Core.Engine.RoutingEngine.ConfigurationHashOf(read));
        Assert.Equal(Core.Engine.RoutingEngine.ConfigurationHashOf(config), Core.Engine.RoutingEngine.ConfigurationHashOf(ConfigurationFile.ParseKept(kept)));
    }

    [Fact]
    public void A_file_given_with_a_zone_renamed_over_another_zones_clock_runs_on_the_named_zones_clock_and_a_new_clock_is_the_same_file_as_written()
    {
        // config show's file, its zone renamed by hand: the Berlin clock it carries is not New York's.
        var berlin = ConfigurationFile.Parse(Zoned, isYaml: true);
        var renamed = ConfigurationFile.ToJson(berlin).Replace("\"Europe/Berlin\"", "\"America/New_York\"", StringComparison.Ordinal);
        var newYork = ConfigurationFile.Parse(renamed, isYaml: false);
        Assert.Equal(-300, newYork.TimeZoneOffsets!.Last(o => o.From <= new DateTimeOffset(2024, 1, 30, 12, 0, 0, TimeSpan.Zero)).OffsetMinutes);
        // Kept by a data directory, the same text is read as written.
        Assert.Equal(60, ConfigurationFile.ParseKept(renamed).TimeZoneOffsets!.Last(o => o.From <= new DateTimeOffset(2024, 1, 30, 12, 0, 0, TimeSpan.Zero)).OffsetMinutes);

        // The same zone under other rules (a tzdata update; here offsets half a second apart) is another
        // configuration to route under, and the same file as an operator wrote it.
        var kept = ConfigurationFile.ToJson(berlin);
        var shifted = ConfigurationFile.ParseKept(kept.Replace("\"2024-03-31T01:00:00+00:00\"", "\"2024-03-31T01:00:00.5+00:00\"", StringComparison.Ordinal));
        Assert.NotEqual(Core.Engine.RoutingEngine.ConfigurationHashOf(berlin), Core.Engine.RoutingEngine.ConfigurationHashOf(shifted));
        Assert.Equal(Core.Engine.RoutingEngine.ConfigurationHashAsWritten(berlin), Core.Engine.RoutingEngine.ConfigurationHashAsWritten(shifted));
    }

    [Fact]
    public void A_time_zone_key_in_another_case_is_resolved_as_the_reader_reads_it_and_its_stale_offsets_replaced()
    {
        var berlin = ConfigurationFile.ToJson(ConfigurationFile.Parse(Zoned, isYaml: true));
        var lower = berlin.Replace("\"timeZone\": \"Europe/Berlin\"", "\"timezone\": \"America/New_York\"", StringComparison.Ordinal)
            .Replace("\"timeZoneOffsets\"", "\"timezoneoffsets\"", StringComparison.Ordinal);
        Assert.NotEqual(berlin, lower);
        var read = ConfigurationFile.Parse(lower, isYaml: false);
        Assert.Equal("America/New_York", read.TimeZone);
        Assert.Equal(-300, read.TimeZoneOffsets!.Last(o => o.From <= new DateTimeOffset(2024, 1, 30, 12, 0, 0, TimeSpan.Zero)).OffsetMinutes);
    }

    [Fact]
    public void A_password_hash_no_sign_in_could_match_is_refused_naming_the_account()
    {
        var hash = Accounts.PasswordHash.Create("lab", 1_000);
        foreach (var broken in new[] { hash.Replace("$1000$", "$ 1000$", StringComparison.Ordinal), hash.Replace("$1000$", "$many$", StringComparison.Ordinal), hash[..^4] + "!!!!" })
        {
            var refused = Assert.Throws<InvalidConfigurationException>(() => ConfigurationFile.Parse(Zoned.Replace("timeZone: Europe/Berlin\n", "", StringComparison.Ordinal) +
                $"\naccounts:\n  - {{ user: admin, role: administrator, passwordHash: \"{broken}\" }}\n", isYaml: true));
            Assert.Equal("accounts[0].passwordHash", Assert.Single(refused.Errors).Path);
        }
    }

    [Fact]
    public void A_time_zone_this_machine_does_not_have_or_given_with_an_offset_is_refused_naming_the_field()
    {
        foreach (var name in new[] { "Mars/Olympus_Mons", "../../etc/passwd", "/etc/localtime", "" })
        {
            var refused = Assert.Throws<InvalidConfigurationException>(() => ConfigurationFile.Parse(Zoned.Replace("Europe/Berlin", $"\"{name}\"", StringComparison.Ordinal), isYaml: true));
            Assert.Equal("timeZone", Assert.Single(refused.Errors).Path);
            Assert.Contains("no time zone", refused.Errors[0].Message, StringComparison.Ordinal);
        }
        var both = Assert.Throws<InvalidConfigurationException>(() => ConfigurationFile.Parse("utcOffsetMinutes: 60\n" + Zoned, isYaml: true));
        Assert.Equal("utcOffsetMinutes", Assert.Single(both.Errors).Path);
    }

    [Fact]
    public void A_feed_key_left_empty_or_with_spaces_at_its_ends_is_refused_naming_the_feed_yet_a_kept_configuration_with_one_still_reads()
    {
        const string File = """
            mrds: [{ id: 1, name: Chat }]
            skillGroups: [{ id: 10, name: A, mrdId: 1 }]
            scriptSelectors: [{ name: S, mrdId: 1, script: [ { queue: { skillGroups: [10] } } ] }]
            taskFeeds:
              - { id: 100000, apiKey: partner }
              - { id: 100001, apiKey: "" }
              - { id: 100002, apiKey: "  " }
              - { id: 100003, apiKey: " key" }
            """;
        var refused = Assert.Throws<InvalidConfigurationException>(() => ConfigurationFile.Parse(File, isYaml: true));
        Assert.Equal(["taskFeeds[1].apiKey", "taskFeeds[2].apiKey", "taskFeeds[3].apiKey"], refused.Errors.Select(e => e.Path));
        Assert.Contains("is empty", refused.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("cannot carry", refused.Errors[2].Message, StringComparison.Ordinal);

        // A data directory may keep one from before this check: its journal must still replay under it.
        var written = ConfigurationFile.ToJson(Core.Lab.LabConfiguration.Create());
        var at = written.IndexOf("\"apiKey\": null", StringComparison.Ordinal);
        var keptJson = written[..at] + "\"apiKey\": \"\"" + written[(at + "\"apiKey\": null".Length)..];
        Assert.NotEqual(written, keptJson);
        Assert.Throws<InvalidConfigurationException>(() => ConfigurationFile.Parse(keptJson, isYaml: false));
        Assert.Equal("", ConfigurationFile.ParseKept(keptJson).TaskFeeds[0].ApiKey);
    }

    [Fact]
    public void The_documented_example_loads_and_matches_the_labs_shape()
    {
        var config = ConfigurationFile.Load(Example);
        var lab = LabConfiguration.Create();
        Assert.Equal(lab.Mrds.Select(m => (m.Id, m.MaxTasksPerAgent, m.Interruptible)), config.Mrds.Select(m => (m.Id, m.MaxTasksPerAgent, m.Interruptible)));
        Assert.Equal(lab.SkillGroups.Select(g => g.Id), config.SkillGroups.Select(g => g.Id));
        Assert.Equal("CumulusTask", config.ScriptSelectors[0].Name);
        Assert.Equal(5172, config.Agents[0].Id);
        Assert.Equal("true", config.Agents[1].Attributes["Spanish"]);
        Assert.Equal(6, config.Agents[0].SkillLevel(5201));
    }

    [Fact]
    public void Every_field_that_cannot_be_read_is_named_in_one_run_and_then_every_rule_broken()
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => ConfigurationFile.ParseWithAccounts("""
            mrds:
              - { id: 1, name: M, interruptable: true }
              - { id: 2, name: N, maxTasksPerAgent: many }
            agents: [ { id: 100, loginId: 1000 } ]
            scriptSelectors:
              - { name: S, mrdId: 1, script: [ { queue: { skillGroup: 5 } } ] }
            colour: blue
            accounts:
              - { user: "1000", role: agent, pasword: x }
            """, isYaml: true));
        Assert.Equal(["mrds[0].interruptable", "mrds[1].maxTasksPerAgent", "scriptSelectors[0].script[0]", "colour", "accounts[0].pasword"], ex.Errors.Select(e => e.Path));
        Assert.Contains("unknown field", ex.Errors[0].Message);
        Assert.Equal("must be a whole number (at most 2147483647)", ex.Errors[1].Message);
        Assert.Contains("queue.skillGroup: unknown field", ex.Errors[2].Message);

        // Once every field reads, the rules are checked, the accounts' with the rest.
        var rules = Assert.Throws<InvalidConfigurationException>(() => ConfigurationFile.ParseWithAccounts("""
            mrds: [ { id: 1, name: M, maxTasksPerAgent: 30 } ]
            agents: [ { id: 100, loginId: 1000 } ]
            accounts:
              - { user: "1001", role: agent, passwordHash: "pbkdf2-sha256$1$AA==$AA==" }
            """, isYaml: true));
        Assert.Equal(["mrds[0].maxTasksPerAgent", "accounts[0].agentLoginId"], rules.Errors.Select(e => e.Path));
    }

    [Fact]
    public void A_key_given_twice_in_json_is_named_not_silently_taken_last()
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => ConfigurationFile.Parse("{ \"mrds\": [ { \"id\": 1, \"name\": \"a\", \"name\": \"b\" } ] }", isYaml: false));
        Assert.Contains("the key 'name' is given twice", Assert.Single(ex.Errors).Message);
    }

    [Theory]
    [InlineData("{\"mrds\": [\n", "line 2, column 1", "not valid JSON: the file ends with a mapping or list still open")]
    [InlineData("{\"mrds\": [\n  {\"id\": 1,, \"name\": \"x\"}]}\n", "line 2, column 12", "not valid JSON: ',' is an invalid start of a property name")]
    [InlineData("{\"mrds\": []}}\n", "line 1, column 13", "not valid JSON: '}' after the end of the configuration")]
    [InlineData("", "line 1, column 1", "not valid JSON: the file is empty")]
    public void Json_that_does_not_parse_is_placed_by_line_and_column_in_words(string json, string path, string message)
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => ConfigurationFile.Parse(json, isYaml: false));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(path, error.Path);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePosition", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_given_as_the_file_is_said_to_be_one()
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => ConfigurationFile.Load(Path.GetTempPath()));
        Assert.Contains("is a directory, not a configuration file", Assert.Single(ex.Errors).Message);
    }

    [Fact]
    public void A_file_named_neither_yaml_nor_json_is_read_as_what_its_text_is()
    {
        var directory = Directory.CreateTempSubdirectory("taskroute-config-").FullName;
        try
        {
            var yaml = Path.Combine(directory, "centre.conf");
            File.WriteAllText(yaml, File.ReadAllText(Example));
            var json = Path.Combine(directory, "centre.txt");
            File.WriteAllText(json, ConfigurationFile.ToJson(ConfigurationFile.Load(Example)));
            Assert.Equal(ConfigurationFile.ToJson(ConfigurationFile.Load(yaml)), ConfigurationFile.ToJson(ConfigurationFile.Load(json)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Json_with_the_same_keys_loads_too()
    {
        var config = ConfigurationFile.Parse("""
            { "mrds": [ { "id": 1, "name": "Chat", "maxTasksPerAgent": 2 } ],
              "skillGroups": [ { "id": 10, "name": "G", "mrdId": 1 } ],
              "agents": [ { "id": 100, "loginId": 1000, "skillGroups": [10] } ],
              "scriptSelectors": [ { "name": "S", "mrdId": 1, "script": [ { "queue": { "skillGroups": [10], "selection": "roundRobin" } }, { "wait": 30 }, { "reject": "busy" } ] } ],
              "taskFeeds": [ { "id": 1, "name": "f", "defaultScriptSelector": "S" } ] }
            """, isYaml: false);
        Assert.Equal(3, config.ScriptSelectors[0].Script.Count);
    }

    [Theory]
    [InlineData("mrds:\n  - id: one\n", "mrds[0].id", "whole number")]
    [InlineData("mrds:\n  - id: 1\n    nme: x\n", "mrds[0].nme", "unknown field")]
    [InlineData("mrds:\n  - id: 1\n    name: M\n    maxTasksPerAgent: 12\n", "mrds[0].maxTasksPerAgent", "1 to 10")]
    [InlineData("mrds: [\n", "line 2", "not valid YAML")]
    [InlineData("mrds:\n  - { id: 1, name: M }\nscriptSelectors:\n  - name: S\n    mrdId: 1\n    script:\n      - jump: 3\n", "scriptSelectors[0].script[0]", "unknown script node")]
    [InlineData("mrds:\n  - { id: 1, name: M }\n  -\n", "mrds[1]", "empty entry")]
    [InlineData("mrds:\n  - { id: 1, name: M }\nagents: null\n", "agents", "may not be null")]
    [InlineData("mrds:\n  - { id: 1, name: M, serviceLevelType: whatever }\n", "mrds[0].serviceLevelType", "must be one of ignoreAbandoned, abandonedNegative, abandonedPositive")]
    // A number is not a name, even where it would count into the list of names.
    [InlineData("mrds:\n  - { id: 1, name: M, serviceLevelType: 1 }\n", "mrds[0].serviceLevelType", "must be one of")]
    [InlineData("mrds:\n  - { id: 1, name: M }\nscriptSelectors:\n  - name: S\n    mrdId: 1\n    script:\n      - queue: { skillGroup: [10] }\n", "scriptSelectors[0].script[0]", "queue.skillGroup: unknown field")]
    [InlineData("mrds:\n  - { id: 1, name: M }\nscriptSelectors:\n  - name: S\n    mrdId: 1\n    script:\n      - queue: { skillGroups: 10 }\n", "scriptSelectors[0].script[0]", "queue.skillGroups: must be a list")]
    [InlineData("mrds:\n  - { id: 1, name: M }\nscriptSelectors:\n  - name: S\n    mrdId: 1\n    script:\n      - queue: { skillGroups: [10], selection: 42 }\n", "scriptSelectors[0].script[0]", "queue.selection: must be one of")]
    [InlineData("mrds:\n  - { id: 1, name: M }\nscriptSelectors:\n  - name: S\n    mrdId: 1\n    script:\n      - if:\n          condition: { operand: callVariable, number: 1, operator: gte, value: x }\n",
        "scriptSelectors[0].script[0]", "if.condition: comparison.operator: must be one of equal")]
    [InlineData("mrds:\n  - { id: 1, name: M }\nscriptSelectors:\n  - name: S\n    mrdId: 1\n    script:\n      - if:\n          condition: { operand: callVariable, number: 1, operator: equal, value: x }\n          else:\n            - wait: 5\n            - wait: sixty\n",
        "scriptSelectors[0].script[0]", "if.else[1]: wait: a number of seconds")]
    [InlineData("hello\n", "configuration", "the file must be a mapping of sections")]
    [InlineData("mrds:\n  - { id: 1, name: M }\nmrds: []\n", "line 3", "the key 'mrds' is given twice in one mapping (first on line 1)")]
    // The same key in two list items is no mistake; twice in one item is, on the second's line.
    [InlineData("mrds:\n  - id: 1\n    name: M\n    maxTasksPerAgent: 2\n  - id: 2\n    name: N\n    maxTasksPerAgent: 2\n    maxTasksPerAgent: 3\n", "line 8", "the key 'maxTasksPerAgent' is given twice in one mapping (first on line 7)")]
    [InlineData("mrds:\n  - { id: 1, name: M }\nskillGroups:\n  - { id: 5, name: A, mrdId: 1, mrdId: 2 }\n", "line 4", "the key 'mrdId' is given twice in the mapping that starts there")]
    // The parser reports a tab where its mapping began: the tab's line is named instead.
    [InlineData("mrds:\n  - id: 1\n    name: M\n\tmaxTasksPerAgent: 2\n", "line 4", "a tab in the indentation: YAML indents with spaces")]
    // A tab before a comment is no indentation; a CRLF file's lines are counted as they are.
    [InlineData("mrds:\r\n\t# the MRDs\r\n  - id: 1\r\n    name: M\r\n\tmaxTasksPerAgent: 2\r\n", "line 5", "a tab in the indentation")]
    [InlineData("mrds:\n  - { id: 1, name: M, taskLifeSeconds: 3000000000 }\n", "mrds[0].taskLifeSeconds", "must be a whole number (at most 2147483647)")]
    [InlineData("mrds:\n  - { id: 1, name: M }\naccounts:\n  user: admin\n", "accounts", "must be a list of accounts")]
    public void A_bad_file_gets_a_message_naming_the_field(string yaml, string path, string message)
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => ConfigurationFile.Parse(yaml, isYaml: true));
        var error = Assert.Single(ex.Errors, e => e.Path == path);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Every_example_file_validates_and_the_example_still_shows_a_consider_if()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot(), "docs", "examples"))
            .Where(f => Path.GetExtension(f) is ".yaml" or ".yml" or ".json").ToList();
        Assert.NotEmpty(files);
        foreach (var file in files) ConfigurationFile.LoadWithAccounts(file);

        var steps = ConfigurationFile.Load(Example).PrecisionQueues.SelectMany(q => q.Steps).ToList();
        Assert.Contains(steps, s => s.ConsiderIf is not null);
    }

    private const string OneScript = "mrds:\n  - { id: 1, name: M }\nskillGroups:\n  - { id: 10, name: G, mrdId: 1 }\nscriptSelectors:\n  - name: S\n    mrdId: 1\n    script:\n";

    [Theory]
    [InlineData(OneScript + "      - if:\n          condition: { operand: callVariable, number: 1, value: x }\n          then: [ { queue: { skillGroups: [10] } } ]\n          els: [ { reject: closed } ]\n",
        "scriptSelectors[0].script[0]", "if.els: unknown field (check its spelling")]
    [InlineData(OneScript + "      - if:\n          condition: { all: [ { operand: callVariable, number: 1, value: x } ], any: [ { operand: callVariable, number: 2, value: y } ] }\n          then: [ { queue: { skillGroups: [10] } } ]\n",
        "scriptSelectors[0].script[0]", "if.condition: all and any in one mapping: a condition is one of all, any or not (to combine them, put one inside the other)")]
    [InlineData(OneScript + "      - if:\n          condition: { not: { operand: callVariable, number: 1, value: x }, extra: 1 }\n          then: [ { queue: { skillGroups: [10] } } ]\n",
        "scriptSelectors[0].script[0]", "if.condition: extra: unknown field")]
    [InlineData(OneScript + "      - if:\n          condition: { any: [ { all: [ { operand: callVariable, number: 1, value: x } ], not: { operand: callVariable, number: 2, value: y } } ] }\n          then: [ { queue: { skillGroups: [10] } } ]\n",
        "scriptSelectors[0].script[0]", "if.condition: any[0]: all and not in one mapping")]
    [InlineData("mrds:\n  - { id: 1, name: M }\nattributes: [ { name: A } ]\nprecisionQueues:\n  - id: 20\n    name: P\n    mrdId: 1\n    steps:\n      - waitSeconds: 30\n        expressions: [ { terms: [ { attribute: A, value: true } ] } ]\n        considerIf: { not: { operand: loggedOnAgents, value: 0 }, operand: availableAgents }\n      - expressions: [ { terms: [ { attribute: A, value: true } ] } ]\n",
        "precisionQueues[0].steps[0].considerIf", "operand: unknown field")]
    public void A_key_an_if_node_or_a_condition_does_not_take_is_refused_not_dropped(string yaml, string path, string message)
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => ConfigurationFile.Parse(yaml, isYaml: true));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(path, error.Path);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.5", "wait: a whole number of seconds (got 1.5)")]
    [InlineData("sixty", "wait: a number of seconds (got 'sixty')")]
    public void A_wait_that_is_not_a_whole_number_asks_for_whole_seconds(string seconds, string message)
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => ConfigurationFile.Parse(OneScript + "      - queue: { skillGroups: [10] }\n      - wait: " + seconds + "\n", isYaml: true));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("scriptSelectors[0].script[1]", error.Path);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_reject_reason_given_as_a_number_is_refused_rather_than_dropped()
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => ConfigurationFile.Parse(OneScript + "      - reject: 42\n", isYaml: true));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("scriptSelectors[0].script[0]", error.Path);
        Assert.Equal("reject: a reason, as text (got 42; in quotes, it is taken as the reason)", error.Message);

        var quoted = ConfigurationFile.Parse(OneScript + "      - reject: \"42\"\n      - reject:\n", isYaml: true);
        Assert.Equal("42", Assert.IsType<Taskroute.Core.Scripts.RejectNode>(quoted.ScriptSelectors[0].Script[0]).Reason);
        Assert.Null(Assert.IsType<Taskroute.Core.Scripts.RejectNode>(quoted.ScriptSelectors[0].Script[1]).Reason);
    }

    [Fact]
    public void A_missing_mrd_id_or_id_is_said_to_be_required_without_follow_on_errors()
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => ConfigurationFile.Parse("""
            mrds: [ { id: 1, name: M } ]
            skillGroups: [ { id: 10, name: G } ]
            attributes: [ { name: A } ]
            precisionQueues: [ { id: 20, name: P, steps: [ { expressions: [ { terms: [ { attribute: A, value: true } ] } ] } ] } ]
            agents: [ { loginId: 1000, skillGroups: [10] } ]
            scriptSelectors:
              - { name: S, mrdId: 1, script: [ { queue: { skillGroups: [10] } }, { queue: { precisionQueue: 20 } } ] }
            taskFeeds: [ { name: F, defaultScriptSelector: S } ]
            """, isYaml: true));
        Assert.Equal(
        [
            "skillGroups[0].mrdId (skill group 10): required (the skill group's MRD)",
            "precisionQueues[0].mrdId (precision queue 20): required (the precision queue's MRD)",
            "agents[0].id (login id 1000): required (the ICM agent id / SkillTargetID)",
            "taskFeeds[0].id: required",
        ], ex.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Two_mrds_or_skill_groups_of_one_name_and_a_precision_queue_with_a_skill_groups_id_are_refused()
    {
        var ex = Assert.Throws<InvalidConfigurationException>(() => ConfigurationFile.Parse("""
            mrds: [ { id: 1, name: Chat }, { id: 2, name: Chat } ]
            skillGroups: [ { id: 10, name: G, mrdId: 1 }, { id: 11, name: G, mrdId: 1 } ]
            attributes: [ { name: A } ]
            precisionQueues: [ { id: 10, name: P, mrdId: 1, steps: [ { expressions: [ { terms: [ { attribute: A, value: true } ] } ] } ] } ]
            """, isYaml: true));
        Assert.Equal(
        [
            "mrds[1].name (MRD 2): MRD name 'Chat' is used twice (MRD 1 has it too)",
            "skillGroups[1].name (skill group 11): skill group name 'G' is used twice (skill group 10 has it too)",
            "precisionQueues[0].id (precision queue 10): skill group 10 has this id too: skill groups and precision queues are both skill targets, and each needs an id of its own",
        ], ex.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Quoted_numbers_and_booleans_read_as_the_values_they_spell_in_yaml_and_json()
    {
        var yaml = ConfigurationFile.Parse("""
            mrds: [ { id: "1", name: M, maxTasksPerAgent: "2", interruptible: "false" } ]
            skillGroups: [ { id: 10, name: G, mrdId: 1 } ]
            scriptSelectors: [ { name: S, mrdId: 1, script: [ { queue: { skillGroups: [10] } }, { wait: "30" } ] } ]
            """, isYaml: true);
        Assert.Equal((1, 2, false), (yaml.Mrds[0].Id, yaml.Mrds[0].MaxTasksPerAgent, yaml.Mrds[0].Interruptible));
        Assert.Equal(30, Assert.IsType<Taskroute.Core.Scripts.WaitNode>(yaml.ScriptSelectors[0].Script[1]).Seconds);

        var json = ConfigurationFile.Parse("""{ "mrds": [ { "id": 1, "name": "M", "maxTasksPerAgent": "2", "interruptible": "False" } ] }""", isYaml: false);
        Assert.Equal((2, false), (json.Mrds[0].MaxTasksPerAgent, json.Mrds[0].Interruptible));

        // A word that is not a boolean unquoted is not one quoted either.
        var ex = Assert.Throws<InvalidConfigurationException>(() => ConfigurationFile.Parse("mrds: [ { id: 1, name: M, interruptible: \"no\" } ]\n", isYaml: true));
        Assert.Equal("mrds[0].interruptible: must be true or false", Assert.Single(ex.Errors).ToString());
    }

    [Fact]
    public void The_cli_validates_a_file_and_exits_non_zero_naming_the_problem()
    {
        var bad = Path.GetTempFileName() + ".yaml";
        File.WriteAllText(bad, "mrds:\n  - id: 1\n    name: M\n    maxTasksPerAgent: 0\n");
        try
        {
            var (code, output) = RunCli("validate", "--config", bad);
            Assert.Equal(2, code);
            Assert.Contains("mrds[0].maxTasksPerAgent (MRD 1): must be 1 to 10 (got 0)", output);
            Assert.DoesNotContain("   at ", output); // no stack trace

            (code, output) = RunCli("validate", "--config", Example);
            Assert.Equal(0, code);
            Assert.Contains("valid", output);
            // Counted in words that agree with the count: "1 precision queue", "2 precision queues".
            Assert.Matches(@"\b1 precision queue\b|\b(0|[2-9]\d*) precision queues\b", output);
            // The example's reason codes and accounts are counted too.
            Assert.Contains("5 Not Ready reasons, 1 sign-out reason", output);
            Assert.Matches(@"\b\d+ accounts\)", output);
        }
        finally
        {
            File.Delete(bad);
        }
    }

    internal static (int Code, string Output) RunCli(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "taskroute.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }
}

public class ConfiguredAccountsTests
{
    [Fact]
    public void Accounts_are_read_apart_from_the_contact_centre_and_checked()
    {
        var (_, accounts) = ConfigurationFile.LoadWithAccounts(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "docs", "examples", "taskroute.yaml"));
        Assert.Equal(["1080", "1081", "1082", "1083", "1084", "sup1", "admin"], accounts.Select(a => a.User));

        var ex = Assert.Throws<InvalidConfigurationException>(() => ConfigurationFile.ParseWithAccounts("""
            mrds: [ { id: 1, name: M } ]
            agents: [ { id: 100, loginId: 1000 } ]
            accounts:
              - { user: "1000", role: agent, passwordHash: "plain-text" }
              - { user: boss, role: emperor, passwordHash: "pbkdf2-sha256$1$AA==$AA==" }
              - { user: sup, role: supervisor, team: [4242], passwordHash: "pbkdf2-sha256$1$AA==$AA==" }
            """, isYaml: true));
        Assert.Equal(["accounts[0].passwordHash", "accounts[1].role", "accounts[2].team"], ex.Errors.Select(e => e.Path));
    }

    [Fact]
    public async Task A_configured_deployment_signs_in_only_its_own_accounts()
    {
        var (routing, configured) = ConfigurationFile.LoadWithAccounts(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "docs", "examples", "taskroute.yaml"));
        var directory = Directory.CreateTempSubdirectory("taskroute-accounts-").FullName;
        var app = Taskroute.Server.Hosting.TaskrouteServer.Build(new Taskroute.Server.Hosting.ServerOptions { Urls = "http://127.0.0.1:0", DataDirectory = directory },
            routing, accounts: Taskroute.Server.Accounts.AccountStore.From(configured));
        await app.StartAsync();
        try
        {
            var address = app.Urls.First();
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            async Task<System.Net.HttpStatusCode> Get(string user, string path)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:lab")));
                return (await client.SendAsync(request)).StatusCode;
            }
            Assert.Equal(System.Net.HttpStatusCode.OK, await Get("1080", "/api/v1/agents/1080"));
            Assert.Equal(System.Net.HttpStatusCode.OK, await Get("1083", "/api/v1/agents/1083"));
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, await Get("1085", "/api/v1/agents/1085")); // a lab agent, not in the file
            Assert.Equal(System.Net.HttpStatusCode.OK, await Get("sup1", "/api/v1/agents/1082"));
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, await Get("sup1", "/api/v1/agents/1084")); // not in its team
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            TestServer.TryDelete(directory);
        }
    }

    [Fact]
    public async Task A_deployment_with_reason_codes_lists_them_to_the_desktop_and_refuses_another_code_naming_them()
    {
        var (routing, configured) = ConfigurationFile.LoadWithAccounts(ConfigurationFileTests.Example);
        await using var server = await TestServer.StartAsync(configuration: routing, accounts: Taskroute.Server.Accounts.AccountStore.From(configured));
        var agent = await (await server.SendAs("1080", HttpMethod.Get, "/api/v1/agents/1080")).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(["1 Break", "2 Lunch", "3 Meeting", "4 Training", "5 Coaching"],
            agent.GetProperty("notReadyReasonCodes").EnumerateArray().Select(c => $"{c.GetProperty("code").GetInt32()} {c.GetProperty("label").GetString()}"));
        Assert.Equal("End of shift", agent.GetProperty("logoutReasonCodes")[0].GetProperty("label").GetString());
        // A supervisor's page offers the same reasons for its agents.
        var overview = await (await server.SendAs("sup1", HttpMethod.Get, "/api/v1/supervisor/overview")).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(5, overview.GetProperty("notReadyReasonCodes").GetArrayLength());

        Assert.Equal(System.Net.HttpStatusCode.OK, (await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" })).StatusCode);
        var refused = await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "NOT_READY", reasonCode = 7 });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.StartsWith("7 is not a Not Ready reason code here; the configured ones are 1 (Break), 2 (Lunch)",
            problem.GetProperty("errors").GetProperty("reasonCode")[0].GetString(), StringComparison.Ordinal);
        // Refused as a whole: the routable flag sent with it is not taken either.
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "NOT_READY", reasonCode = 7, routable = false })).StatusCode);
        var media = (await (await server.SendAs("1080", HttpMethod.Get, "/api/v1/agents/1080")).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>())
            .GetProperty("media").EnumerateArray().Single(m => m.GetProperty("mrdId").GetInt32() == 5011);
        Assert.Equal(("NOT_READY", 0, true), (media.GetProperty("state").GetString(), media.GetProperty("reasonCode").GetInt32(), media.GetProperty("routable").GetBoolean()));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "NOT_READY", reasonCode = 5 })).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGOUT", reasonCode = 5 })).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGOUT", reasonCode = 20 })).StatusCode);
    }
}
