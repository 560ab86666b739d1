using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Taskroute.Core.Configuration;
using Taskroute.Core.Lab;
using Taskroute.Server.Accounts;

namespace Taskroute.Server.Tests;

/// <summary>
/// Every endpoint against every role: anonymous, the agent itself (1080), another agent (1081), the
/// agent's supervisor (sup1), another supervisor (sup2, whose team is 1089 only: not the component logs, which hold every team's tasks), an administrator,
/// and a task feed's API key. Each cell is 401, 403, 404, or allowed (any answer but those).
/// </summary>
public class AccessMatrixTests
{
    private const string Key = "feed-secret";

    private static readonly string[] Roles = ["anonymous", "1080", "1081", "sup1", "sup2", "admin", "apikey"];

    // a: allowed, 1: 401, 3: 403, 4: 404 (another agent's dialog is not there for an agent), in the order of Roles.
    private static readonly (string Method, string Path, string Expected)[] Matrix =
    [
        ("GET", "/api/v1/agents/1080", "1a3a3a1"),
        ("PUT", "/api/v1/agents/1080/media/5012", "1a3a3a1"),
        ("GET", "/api/v1/agents/1080/dialogs", "1a3a3a1"),
        ("GET", "/api/v1/agents/1080/dialogs/away", "1a3a3a1"),
        ("GET", "/api/v1/agents/1080/events", "1a3a3a1"),
        ("GET", "/api/v1/agents/1080/channel", "1a3a3a1"),
        ("POST", "/api/v1/agents/1080/channel/tickets", "1a3a3a1"),
        ("PUT", "/api/v1/dialogs/{dialog}", "1a433a1"),
        ("GET", "/api/v1/dialogs/{dialog}", "1a4a3a1"),
        ("GET", "/api/v1/supervisor/overview", "133aaa1"),
        ("GET", "/api/v1/supervisor/events", "133aaa1"),
        ("GET", "/api/v1/traces/{dialog}", "133a3a1"),
        ("GET", "/api/v1/traces?agent=1080", "133a3a1"),
        ("GET", "/api/v1/reports/summary", "133aaa1"),
        ("GET", "/api/v1/reports/intervals?by=agent", "133aaa1"),
        ("GET", "/api/v1/reports/tasks", "133aaa1"),
        ("GET", "/api/v1/logs", "133a3a1"),
        ("GET", "/api/v1/logs/ctisvr", "133a3a1"),
        ("PUT", "/api/v1/logs/ctisvr/level", "13333a1"),
        ("GET", "/api/v1/configuration", "13333a1"),
        ("PUT", "/api/v1/configuration", "13333a1"),
        ("POST", "/api/v1/tasks", "aaaaaaa"),
        ("POST", "/api/v1/tasks?feed=keyed", "111111a"),
        ("POST", "/ccp/task/feed/100000", "aaaaaaa"),
        ("POST", "/ccp/task/feed/100002", "111111a"),
        ("GET", "/ccp/task/feed/100002?name=n&title=t", "111111a"),
        ("GET", "/api/v1/tasks?status=queued", "133aaa1"),
        ("GET", "/api/v1/status", "aaaaaaa"),
        ("GET", "/healthz", "aaaaaaa"),
        ("GET", "/readyz", "aaaaaaa"),
        ("GET", "/metrics", "aaaaaaa"),
    ];

    private static RoutingConfiguration WithKeyedEmailFeed() => LabVariant.With(feed: f => f.Id != LabConfiguration.EmailFeed ? f
        : new TaskFeed { Id = f.Id, Name = f.Name, DefaultScriptSelector = f.DefaultScriptSelector, ApiKey = Key });

    private static AccountStore Accounts(RoutingConfiguration configuration)
    {
        var lab = AccountStore.Lab(configuration);
        var hash = lab.Find("sup1")!.PasswordHash;
        return new AccountStore([.. configuration.Agents.Select(a => lab.Find(a.LoginId.ToString(System.Globalization.CultureInfo.InvariantCulture))!),
            lab.Find("sup1")!, lab.Find("admin")!, new Account("sup2", Role.Supervisor, hash, Team: new HashSet<int> { 1089 })]);
    }

    [Fact]
    public async Task Every_endpoint_answers_every_role_with_the_expected_401_403_or_access()
    {
        var configuration = WithKeyedEmailFeed();
        await using var server = await TestServer.StartAsync(configuration: configuration, accounts: Accounts(configuration));
        // Agent 1080 holds a dialog, so acting on it means something.
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "LOGIN" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.SendAs("1080", HttpMethod.Put, "/api/v1/agents/1080/media/5011", new { state = "READY" })).StatusCode);
        await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>n</name><title>t</title></Task>", Encoding.UTF8, "application/xml"));
        var dialogs = await (await server.SendAs("1080", HttpMethod.Get, "/api/v1/agents/1080/dialogs")).Content.ReadFromJsonAsync<JsonElement>();
        var dialog = dialogs[0].GetProperty("id").GetString()!;

        var failures = new List<string>();
        foreach (var (method, template, expected) in Matrix)
        {
            for (var r = 0; r < Roles.Length; r++)
            {
                var path = template.Replace("{dialog}", dialog, StringComparison.Ordinal).Replace("feed=keyed", "feedId=" + LabConfiguration.EmailFeed, StringComparison.Ordinal);
                var status = await Send(server, Roles[r], method, path);
                var ok = expected[r] switch
                {
                    '1' => status == HttpStatusCode.Unauthorized,
                    '3' => status == HttpStatusCode.Forbidden,
                    '4' => status == HttpStatusCode.NotFound,
                    _ => status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)status < 500,
                };
                if (!ok) failures.Add($"{method} {path} as {Roles[r]}: {(int)status}, expected {expected[r] switch { '1' => "401", '3' => "403", '4' => "404", _ => "access" }}");
            }
        }
        Assert.Empty(failures);
    }

    private static async Task<HttpStatusCode> Send(TestServer server, string role, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (role is not ("anonymous" or "apikey"))
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{role}:lab")));
        if (role == "apikey") request.Headers.Add("X-Api-Key", Key);
        request.Content = (method, path) switch
        {
            // A state change a supervisor may make (a sign-in is the agent's own: AgentApiTests).
            ("PUT", var p) when p.Contains("/media/", StringComparison.Ordinal) => JsonContent.Create(new { state = "NOT_READY" }),
            ("PUT", var p) when p.Contains("/dialogs/", StringComparison.Ordinal) => JsonContent.Create(new { action = "ACCEPT" }),
            ("PUT", _) => JsonContent.Create(new { level = "INFO" }),
            ("POST", var p) when p.StartsWith("/ccp", StringComparison.Ordinal) => new StringContent("<Task><name>n</name><title>t</title></Task>", Encoding.UTF8, "application/xml"),
            ("POST", var p) when p.Contains("feedId=", StringComparison.Ordinal) => JsonContent.Create(new { feedId = LabConfiguration.EmailFeed, name = "n", title = "t" }),
            ("POST", _) => JsonContent.Create(new { name = "n", title = "t", scriptSelector = "CumulusTask" }),
            _ => null,
        };
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }
}
