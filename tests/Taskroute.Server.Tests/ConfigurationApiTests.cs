using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Taskroute.Core.Engine;
using Taskroute.Core.Lab;
using Taskroute.Server.Hosting;

namespace Taskroute.Server.Tests;

/// <summary>An administrator reads and changes the configuration while the server runs; the change applies from that moment.</summary>
public class ConfigurationApiTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("taskroute-config-api-").FullName;

    public void Dispose() => TestServer.TryDelete(_directory);

    private Task<TestServer> Start(Core.Configuration.RoutingConfiguration? configuration = null) => TestServer.StartAsync(_directory, configuration);

    private static async Task<JsonObject> Running(TestServer server)
    {
        using var response = await server.SendAs("admin", HttpMethod.Get, "/api/v1/configuration");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static async Task<HttpResponseMessage> Put(TestServer server, string body, string type = "application/json", string user = "admin", string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/configuration" + query) { Content = new StringContent(body, Encoding.UTF8, type) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:lab")));
        return await server.Client.SendAsync(request);
    }

    private static JsonObject Agent(JsonObject configuration, int login) =>
        configuration["agents"]!.AsArray().Select(a => a!.AsObject()).Single(a => (int)a["loginId"]! == login);

    private static async Task Ready(TestServer server, int login, int mrd)
    {
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs(login.ToString(System.Globalization.CultureInfo.InvariantCulture), HttpMethod.Put, $"/api/v1/agents/{login}/media/{mrd}", new { state = "LOGIN" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs(login.ToString(System.Globalization.CultureInfo.InvariantCulture), HttpMethod.Put, $"/api/v1/agents/{login}/media/{mrd}", new { state = "READY" })).StatusCode);
    }

    private static async Task<string> SubmitEmail(TestServer server)
    {
        using var response = await server.Client.PostAsync($"/ccp/task/feed/{LabConfiguration.EmailFeed}",
            new StringContent($"<Task><name>n</name><title>t</title><scriptSelector>{LabConfiguration.EmailSelector}</scriptSelector></Task>", Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return response.Headers.Location!.AbsolutePath;
    }

    [Fact]
    public async Task An_administrator_adds_an_agent_to_a_skill_group_while_the_server_runs_and_the_task_waiting_there_goes_to_it()
    {
        await using var server = await Start();
        await Ready(server, 1081, LabConfiguration.EmailMrd);
        var contact = await SubmitEmail(server);
        Assert.Contains("<status>queued</status>", await server.Client.GetStringAsync(contact), StringComparison.Ordinal);

        var configuration = await Running(server);
        Agent(configuration, 1081)["skillGroups"]!.AsArray().Add(LabConfiguration.EmailBillingSkillGroup);
        using var response = await Put(server, configuration.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.GetProperty("changed").GetBoolean());
        var task = await server.Client.GetStringAsync(contact);
        Assert.Contains("<status>reserved</status>", task, StringComparison.Ordinal);
        Assert.Contains("<agentID>5173</agentID>", task, StringComparison.Ordinal);
        using var read = await server.SendAs("admin", HttpMethod.Get, "/api/v1/configuration");
        Assert.Equal($"\"{answer.GetProperty("hash").GetString()}\"", read.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task A_change_open_work_has_no_place_in_is_refused_with_409_naming_why_and_nothing_changes()
    {
        await using var server = await Start();
        await Ready(server, 1081, LabConfiguration.TaskMrd);
        var configuration = await Running(server);
        var agents = configuration["agents"]!.AsArray();
        agents.Remove(agents.Single(a => (int)a!["loginId"]! == 1081));

        using var response = await Put(server, configuration.ToJsonString());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("the new configuration has no place for open work: agent 5173 (login 1081) is removed, but is signed in to MRD 5011", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(10, (await Running(server))["agents"]!.AsArray().Count);
        Assert.Single(Directory.GetFiles(Path.Combine(_directory, ConfigurationArchive.FolderName), "*.json"));
    }

    [Fact]
    public async Task A_dry_run_says_what_a_change_would_do_against_the_open_work_and_changes_nothing()
    {
        await using var server = await Start();
        await Ready(server, 1081, LabConfiguration.TaskMrd);
        var before = await Running(server);
        var hash = RoutingEngine.ConfigurationHashOf(server.Host.Configuration);

        // Removing a signed-in agent: the 409 the change would get, and nothing is kept or journaled.
        var without = before.DeepClone().AsObject();
        var agents = without["agents"]!.AsArray();
        agents.Remove(agents.Single(a => (int)a!["loginId"]! == 1081));
        using (var refused = await Put(server, without.ToJsonString(), query: "?dryRun=true"))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.StartsWith("the new configuration has no place for open work: agent 5173 (login 1081) is removed",
                (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // A lower task limit and a shorter start timeout: taken, each change named with what it leaves alone.
        var lower = before.DeepClone().AsObject();
        var mrd = lower["mrds"]!.AsArray().Single(m => (int)m!["id"]! == LabConfiguration.TaskMrd)!;
        mrd["maxTasksPerAgent"] = 1;
        mrd["taskStartTimeoutSeconds"] = 5;
        using var dry = await Put(server, lower.ToJsonString(), query: "?dryRun=true");
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var answer = await dry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.GetProperty("dryRun").GetBoolean());
        Assert.True(answer.GetProperty("changed").GetBoolean());
        var change = Assert.Single(answer.GetProperty("changes").EnumerateArray()).GetString();
        Assert.Equal($"MRD {LabConfiguration.TaskMrd} (Cumulus_Task) changes maxTasksPerAgent (3 → 1), taskStartTimeoutSeconds (30 → 5): " +
            "agents signed in keep the limit they signed in with until they sign in again; offers and waits already running keep the deadlines they started with", change);

        Assert.Equal(hash, RoutingEngine.ConfigurationHashOf(server.Host.Configuration));
        Assert.Single(Directory.GetFiles(Path.Combine(_directory, ConfigurationArchive.FolderName), "*.json"));
        using (var bad = await Put(server, lower.ToJsonString(), query: "?dryRun=yes"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("dryRun: must be true or false", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Made for real, the answer lists the same change.
        using var made = await Put(server, lower.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        var madeAnswer = await made.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(madeAnswer.GetProperty("dryRun").GetBoolean());
        Assert.Equal(change, Assert.Single(madeAnswer.GetProperty("changes").EnumerateArray()).GetString());
        Assert.Equal(1, server.Host.Configuration.Mrds.Single(m => m.Id == LabConfiguration.TaskMrd).MaxTasksPerAgent);
    }

    [Fact]
    public async Task A_supervisor_of_every_agent_left_reads_no_component_logs_while_they_may_name_an_agent_taken_out_of_its_way()
    {
        var lab = LabConfiguration.Create();
        var labAccounts = Taskroute.Server.Accounts.AccountStore.Lab(lab);
        var hash = labAccounts.Find("sup1")!.PasswordHash;
        var allBut1089 = lab.Agents.Select(a => a.LoginId).Where(l => l != 1089).ToHashSet();
        var accounts = new Taskroute.Server.Accounts.AccountStore([labAccounts.Find("admin")!, labAccounts.Find("sup1")!,
            new Taskroute.Server.Accounts.Account("sup9", Taskroute.Server.Accounts.Role.Supervisor, hash, Team: allBut1089),
            new Taskroute.Server.Accounts.Account("nobody", Taskroute.Server.Accounts.Role.Supervisor, hash, Team: new HashSet<int>())]);
        await using var server = await TestServer.StartAsync(_directory, lab, accounts: accounts);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("sup1", HttpMethod.Get, "/api/v1/logs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.SendAs("sup9", HttpMethod.Get, "/api/v1/logs")).StatusCode);

        var configuration = await Running(server);
        var agents = configuration["agents"]!.AsArray();
        agents.Remove(agents.Single(a => (int)a!["loginId"]! == 1089));
        Assert.Equal(HttpStatusCode.OK, (await Put(server, configuration.ToJsonString())).StatusCode);

        // 1089's past tasks are in the logs still: sup9 now oversees every agent there is, and still reads none.
        using var refused = await server.SendAs("sup9", HttpMethod.Get, "/api/v1/logs/pim");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("your team has 9 of the 10 the logs may name", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.SendAs("nobody", HttpMethod.Get, "/api/v1/logs")).StatusCode);
    }

    [Fact]
    public async Task A_finished_task_still_names_its_agent_and_is_listed_by_it_after_the_agent_is_taken_out_of_the_configuration()
    {
        await using var server = await Start();
        await Ready(server, 1081, LabConfiguration.TaskMrd);
        using var created = await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>n</name><title>t</title></Task>", System.Text.Encoding.UTF8, "application/xml"));
        var contact = created.Headers.Location!.PathAndQuery;
        var dialogs = await (await server.SendAs("1081", HttpMethod.Get, "/api/v1/agents/1081/dialogs")).Content.ReadFromJsonAsync<JsonElement>();
        var dialog = dialogs.EnumerateArray().Single().GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1081", HttpMethod.Put, "/api/v1/dialogs/" + dialog, new { action = "START" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1081", HttpMethod.Put, "/api/v1/dialogs/" + dialog, new { action = "CLOSE" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1081", HttpMethod.Put, $"/api/v1/agents/1081/media/{LabConfiguration.TaskMrd}", new { state = "LOGOUT" })).StatusCode);

        var configuration = await Running(server);
        var agents = configuration["agents"]!.AsArray();
        agents.Remove(agents.Single(a => (int)a!["loginId"]! == 1081));
        using var response = await Put(server, configuration.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var task = await server.Client.GetStringAsync(contact);
        Assert.Contains("<status>handled</status>", task, StringComparison.Ordinal);
        Assert.Contains("<agentID>5173</agentID>", task, StringComparison.Ordinal);
        // Its tasks stay listed by agent, by the login id and the ICM agent id it had.
        foreach (var id in new[] { "1081", "agent:1081", "agent:5173" })
        {
            using var listed = await server.SendAs("admin", HttpMethod.Get, "/api/v1/traces/" + id);
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            Assert.Single((await listed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tasks").EnumerateArray());
        }
    }

    [Fact]
    public async Task A_change_the_data_directory_cannot_keep_is_503_saying_so_and_nothing_changes()
    {
        await using var server = await Start();
        var before = await Running(server);
        // Where the kept configurations go is now a file: as a full disk or a read-only folder, no copy can be written.
        var folder = Path.Combine(_directory, ConfigurationArchive.FolderName);
        Directory.Delete(folder, recursive: true);
        await File.WriteAllTextAsync(folder, "not a folder");

        var configuration = await Running(server);
        Agent(configuration, 1081)["skillGroups"]!.AsArray().Add(LabConfiguration.EmailBillingSkillGroup);
        using var response = await Put(server, configuration.ToJsonString());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("nothing was changed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before.ToJsonString(), (await Running(server)).ToJsonString());
    }

    [Fact]
    public async Task A_configuration_file_with_a_mistake_is_refused_with_400_naming_the_field()
    {
        await using var server = await Start();
        using var response = await Put(server, "mrds:\n  - { id: 1, name: Chat, maxTasksPerAgnet: 3 }\n", "application/yaml");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("maxTasksPerAgnet", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(0, problem.GetProperty("errors").GetArrayLength());
        using var unknownType = await Put(server, "mrds: []", "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unknownType.StatusCode);
    }

    [Fact]
    public async Task A_refused_change_names_the_agent_in_error_by_its_ids_not_only_its_place_in_the_list()
    {
        await using var server = await Start();
        var configuration = await Running(server);
        Agent(configuration, 1081)["skillGroups"]!.AsArray().Add(424242);
        using var response = await Put(server, configuration.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.StartsWith("agents[", error.GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.Equal($"agent {LabConfiguration.Create().Agents.Single(a => a.LoginId == 1081).Id}, login id 1081", error.GetProperty("entity").GetString());
        Assert.Contains("login id 1081): no skill group 424242", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_made_on_a_configuration_read_before_another_change_is_refused_with_412()
    {
        await using var server = await Start();
        using var read = await server.SendAs("admin", HttpMethod.Get, "/api/v1/configuration");
        var tag = read.Headers.ETag!.Tag;
        var configuration = JsonNode.Parse(await read.Content.ReadAsStringAsync())!.AsObject();
        using (var notModified = new HttpRequestMessage(HttpMethod.Get, "/api/v1/configuration"))
        {
            notModified.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:lab")));
            notModified.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(tag));
            Assert.Equal(HttpStatusCode.NotModified, (await server.Client.SendAsync(notModified)).StatusCode);
        }

        // Another administrator changes it first.
        var other = configuration.DeepClone().AsObject();
        other["mrds"]![0]!["maxTasksPerAgent"] = 1;
        Assert.Equal(HttpStatusCode.OK, (await Put(server, other.ToJsonString())).StatusCode);

        configuration["mrds"]![0]!["maxTasksPerAgent"] = 2;
        using var stale = new HttpRequestMessage(HttpMethod.Put, "/api/v1/configuration") { Content = new StringContent(configuration.ToJsonString(), Encoding.UTF8, "application/json") };
        stale.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:lab")));
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue(tag));
        using var refused = await server.Client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal(1, server.Host.Configuration.Mrds[0].MaxTasksPerAgent);
    }

    [Fact]
    public async Task Accounts_without_an_administrator_are_refused_and_yaml_goes_by_its_common_names()
    {
        await using var server = await Start();
        var yaml = await File.ReadAllTextAsync(ConfigurationFileTests.Example);
        var noAdministrator = yaml.Replace("role: administrator", "role: supervisor", StringComparison.Ordinal);
        using var refused = await Put(server, noAdministrator, "text/yaml");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("no account has the role administrator", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var plain = await Put(server, yaml, "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Contains("send YAML (application/yaml", (await plain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_added_to_the_lab_while_it_runs_signs_in_with_the_lab_password()
    {
        await using var server = await Start();
        var configuration = await Running(server);
        configuration["agents"]!.AsArray().Add(JsonNode.Parse("""{"id": 5999, "loginId": 1999, "name": "New", "skillGroups": [5199]}"""));
        Assert.Equal(HttpStatusCode.OK, (await Put(server, configuration.ToJsonString())).StatusCode);
        await Ready(server, 1999, LabConfiguration.TaskMrd);
    }

    [Fact]
    public async Task The_cli_shows_the_running_configuration_and_applies_an_edited_copy_names_a_refusal_and_says_when_the_accounts_sent_are_the_same()
    {
        await using var server = await Start();
        var address = server.Client.BaseAddress!.ToString();
        var show = await CliRun.RunAsync("config", "show", "--server", address, "--user", "admin", "--password", "lab");
        Assert.Equal(0, show.ExitCode);
        var configuration = JsonNode.Parse(show.Out)!.AsObject();
        configuration["mrds"]![0]!["maxTasksPerAgent"] = 2;
        var file = Path.Combine(_directory, "edited.json");
        await File.WriteAllTextAsync(file, configuration.ToJsonString());

        var dry = await CliRun.RunAsync("config", "apply", file, "--dry-run", "--server", address, "--user", "admin", "--password", "lab");
        Assert.True(dry.ExitCode == 0, dry.Error);
        Assert.StartsWith($"Dry run: the server would take {file}", dry.Out, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed.", dry.Out, StringComparison.Ordinal);
        Assert.Contains("changes maxTasksPerAgent (3 → 2)", dry.Out, StringComparison.Ordinal);
        Assert.Equal(3, server.Host.Configuration.Mrds[0].MaxTasksPerAgent);

        var apply = await CliRun.RunAsync("config", "apply", file, "--server", address, "--user", "admin", "--password", "lab");
        Assert.Equal(0, apply.ExitCode);
        Assert.StartsWith($"The server runs under {file} from now on", apply.Out, StringComparison.Ordinal);
        Assert.Contains("changes maxTasksPerAgent (3 → 2)", apply.Out, StringComparison.Ordinal);
        Assert.Equal(2, server.Host.Configuration.Mrds[0].MaxTasksPerAgent);

        var again = await CliRun.RunAsync("config", "apply", file, "--server", address, "--user", "admin", "--password", "lab");
        Assert.Contains("nothing changed", again.Out, StringComparison.Ordinal);
        var supervisor = await CliRun.RunAsync("config", "apply", file, "--server", address, "--user", "sup1", "--password", "lab");
        Assert.Equal(2, supervisor.ExitCode);
        Assert.Contains("not allowed (403): changing the configuration is for administrators", supervisor.Error, StringComparison.Ordinal);
        var yaml = Path.Combine(_directory, "bad.yaml");
        await File.WriteAllTextAsync(yaml, "mrds: [{ id: 1, name: x, maxTasksPerAgnet: 1 }]");
        var bad = await CliRun.RunAsync("config", "apply", yaml, "--server", address, "--user", "admin", "--password", "lab");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("maxTasksPerAgnet", bad.Error, StringComparison.Ordinal);

        // The same configuration with accounts of its own: only they change, and the answer says so.
        configuration["accounts"] = new JsonArray(new JsonObject { ["user"] = "admin", ["role"] = "administrator", ["passwordHash"] = Taskroute.Server.Accounts.PasswordHash.Create("lab", 1_000) });
        var withAccounts = Path.Combine(_directory, "accounts.json");
        await File.WriteAllTextAsync(withAccounts, configuration.ToJsonString());
        var accountsOnly = await CliRun.RunAsync("config", "apply", withAccounts, "--server", address, "--user", "admin", "--password", "lab");
        Assert.True(accountsOnly.ExitCode == 0, accountsOnly.Error);
        Assert.Contains("only the accounts changed. The file's accounts (1) replace the server's until it stops.", accountsOnly.Out, StringComparison.Ordinal);
        // Sent again, the same accounts change nothing, and the answer says so.
        var sameAccounts = await CliRun.RunAsync("config", "apply", withAccounts, "--server", address, "--user", "admin", "--password", "lab");
        Assert.True(sameAccounts.ExitCode == 0, sameAccounts.Error);
        Assert.Contains("nothing changed", sameAccounts.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restart_given_the_same_file_keeps_the_configuration_changed_while_running_and_another_file_applies()
    {
        string changed;
        await using (var first = await Start())
        {
            var configuration = await Running(first);
            configuration["mrds"]![0]!["maxTasksPerAgent"] = 1;
            using var response = await Put(first, configuration.ToJsonString());
            changed = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hash").GetString()!;
        }
        await using (var second = await Start())
        {
            // Given the lab again, as the first start was: the change made while it ran stays.
            Assert.Equal(1, (int)(await Running(second))["mrds"]![0]!["maxTasksPerAgent"]!);
            Assert.Equal(changed, RoutingEngine.ConfigurationHashOf(second.Host.Configuration));
        }
        var other = LabVariant.With(addedAgent: new Core.Configuration.AgentConfig { Id = 5999, LoginId = 1999, SkillGroups = [LabConfiguration.TaskSkillGroup] });
        await using var third = await Start(other);
        Assert.Equal(RoutingEngine.ConfigurationHashOf(other), RoutingEngine.ConfigurationHashOf(third.Host.Configuration));
        Assert.Equal(3, (int)(await Running(third))["mrds"]![0]!["maxTasksPerAgent"]!);
    }
}
