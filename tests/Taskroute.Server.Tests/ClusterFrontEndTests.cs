using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Taskroute.Cluster;
using Taskroute.Core.Lab;
using Taskroute.Server.Accounts;
using Taskroute.Server.Cluster;
using Taskroute.Server.Hosting;

namespace Taskroute.Server.Tests;

/// <summary>Two silos, each with its HTTP front end: any front end serves any domain, wherever the domain's grain lives.</summary>
public class ClusterFrontEndTests
{
    private static readonly string? Connection = Environment.GetEnvironmentVariable("TASKROUTE_TEST_POSTGRES");

    private static async Task<(WebApplication App, HttpClient Client)> Silo(DomainCatalog catalog, string cluster, int siloPort, int gatewayPort, IPEndPoint primary,
        IReadOnlyDictionary<string, AccountStore>? accounts = null, Action<ServerOptions>? configure = null)
    {
        var options = new ServerOptions { Urls = "http://127.0.0.1:0" };
        configure?.Invoke(options);
        var app = ClusterServer.Build(options, catalog, accounts, silo => silo.UseLocalhostClustering(siloPort, gatewayPort, primary, serviceId: "taskroute", clusterId: cluster));
        await app.StartAsync();
        var address = app.Urls.First();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }

    /// <summary>One silo over PostgreSQL serving one domain of its own (the lab unless given), stopped when disposed.</summary>
    private sealed class OneDomain(WebApplication app, HttpClient client, string name) : IAsyncDisposable
    {
        public HttpClient Client => client;
        public string Name => name;

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<OneDomain> OneDomainSilo(string prefix, Core.Configuration.RoutingConfiguration? configuration = null, Action<ServerOptions>? configure = null)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var domain = prefix + run;
        var catalog = new DomainCatalog(Connection!, new Dictionary<string, Core.Configuration.RoutingConfiguration> { [domain] = configuration ?? LabConfiguration.Create() });
        var port = FreePort.Next();
        var (app, client) = await Silo(catalog, run, port, FreePort.Next(), new IPEndPoint(IPAddress.Loopback, port), configure: configure);
        return new OneDomain(app, client, domain);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, string? user, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (user is not null) request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":lab")));
        if (body is not null) request.Content = JsonContent.Create(body);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task A_task_submitted_through_one_silo_is_offered_to_an_agent_working_through_the_other()
    {
        Assert.SkipWhen(Connection is null, "TASKROUTE_TEST_POSTGRES is not set: no PostgreSQL server to test against (CI sets it)");
        var run = Guid.NewGuid().ToString("N")[..8];
        var (east, west) = ($"e{run}", $"w{run}");
        var catalog = new DomainCatalog(Connection!, new Dictionary<string, Core.Configuration.RoutingConfiguration> { [east] = LabConfiguration.Create(), [west] = LabConfiguration.Create() });
        var primaryPort = FreePort.Next();
        var primary = new IPEndPoint(IPAddress.Loopback, primaryPort);
        var (a, clientA) = await Silo(catalog, run, primaryPort, FreePort.Next(), primary);
        var (b, clientB) = await Silo(catalog, run, FreePort.Next(), FreePort.Next(), primary);
        try
        {
            // Agent 1080 of the east domain signs in and goes ready through silo B.
            Assert.Equal(HttpStatusCode.OK, (await Send(clientB, HttpMethod.Put, $"/domains/{east}/api/v1/agents/1080/media/5011", "1080", new { state = "LOGIN" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Send(clientB, HttpMethod.Put, $"/domains/{east}/api/v1/agents/1080/media/5011", "1080", new { state = "READY" })).StatusCode);

            // 1080's desktop listens through silo B.
            using var listen = new HttpRequestMessage(HttpMethod.Get, $"/domains/{east}/api/v1/agents/1080/events");
            listen.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("1080:lab")));
            using var stream = await clientB.SendAsync(listen, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal("text/event-stream", stream.Content.Headers.ContentType!.MediaType);
            using var events = new StreamReader(await stream.Content.ReadAsStreamAsync());
            // The stream a single server sends (docs/api.md): hello, then media and dialog events.
            Assert.Equal("event: hello", await events.ReadLineAsync());

            // A task comes in through silo A's CCP Task API.
            var created = await clientA.PostAsync($"/domains/{east}/ccp/task/feed/100000",
                new StringContent("<Task><name>Ann</name><title>Refund</title><scriptSelector>CumulusTask</scriptSelector></Task>", Encoding.UTF8, "application/xml"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var contact = created.Headers.Location!.Segments[^1];

            // The offer reaches 1080's stream on silo B, as a single server's stream gives it.
            using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
            {
                string? name = null, line;
                do
                {
                    line = await events.ReadLineAsync(deadline.Token);
                    if (line?.StartsWith("event: ", StringComparison.Ordinal) == true) name = line;
                }
                while (line is not null && !line.Contains("\"state\":\"OFFERED\"", StringComparison.Ordinal));
                Assert.NotNull(line);
                Assert.Equal("event: dialog", name);
                Assert.Matches("^data: \\{\"type\":\"dialog\",\"dialogId\":\"\\d+_37051928_1\",\"state\":\"OFFERED\",\"mrdId\":5011,.*\"name\":\"Ann\",\"title\":\"Refund\"", line);
            }

            // Silo B sees it reserved for 1080, and 1080 works it through B.
            var status = await (await clientB.GetAsync($"/domains/{east}/api/v1/tasks/{Guid.Parse(contact):D}")).Content.ReadFromJsonAsync<JsonElement>();
            // The same task resource a single server answers: the login id as agentId, the dialog form of the task id.
            Assert.Equal(("reserved", 1080, Guid.Parse(contact), "Ann", "CumulusTask"),
                (status.GetProperty("status").GetString(), status.GetProperty("agentId").GetInt32(), status.GetProperty("id").GetGuid(), status.GetProperty("name").GetString(), status.GetProperty("scriptSelector").GetString()));
            Assert.Matches("^\\d+_37051928_1$", status.GetProperty("taskId").GetString());
            // The agent API answers as a single server's does (docs/api.md): the agent with its media by
            // name, the dialogs with their task's data, one dialog by id, steps at /api/v1/dialogs/{id}.
            var agent = await (await Send(clientA, HttpMethod.Get, $"/domains/{east}/api/v1/agents/1080", "1080")).Content.ReadFromJsonAsync<JsonElement>();
            var media = agent.GetProperty("media").EnumerateArray().Single(m => m.GetProperty("mrdId").GetInt32() == 5011);
            Assert.Equal((1080, "RESERVED", 1, "ACCEPT"), (agent.GetProperty("loginId").GetInt32(), media.GetProperty("state").GetString(), media.GetProperty("numTasks").GetInt32(), media.GetProperty("interruptAction").GetString()));
            Assert.Contains("CumulusTask", agent.GetProperty("transferTargets").EnumerateArray().Select(t => t.GetString()));
            var listed = await (await Send(clientB, HttpMethod.Get, $"/domains/{east}/api/v1/agents/1080/dialogs", "1080")).Content.ReadFromJsonAsync<JsonElement>();
            var offered = Assert.Single(listed.EnumerateArray());
            var dialog = offered.GetProperty("id").GetString()!;
            Assert.Equal(("OFFERED", "Ann", "Refund", Guid.Parse(contact)), (offered.GetProperty("state").GetString(), offered.GetProperty("name").GetString(), offered.GetProperty("title").GetString(), offered.GetProperty("contactId").GetGuid()));
            Assert.Equal("OFFERED", (await (await Send(clientA, HttpMethod.Get, $"/domains/{east}/api/v1/dialogs/{dialog}", "1080")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
            // Another agent may neither see nor act on it (it is not there for that agent, as an unknown id is); its supervisor may see it but not act on it.
            Assert.Equal(HttpStatusCode.NotFound, (await Send(clientA, HttpMethod.Get, $"/domains/{east}/api/v1/dialogs/{dialog}", "1081")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await Send(clientA, HttpMethod.Put, $"/domains/{east}/api/v1/dialogs/{dialog}", "1081", new { action = "ACCEPT" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Send(clientA, HttpMethod.Get, $"/domains/{east}/api/v1/dialogs/{dialog}", "sup1")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await Send(clientA, HttpMethod.Put, $"/domains/{east}/api/v1/dialogs/{dialog}", "sup1", new { action = "ACCEPT" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await Send(clientA, HttpMethod.Get, $"/domains/{east}/api/v1/dialogs/1_2_3", "1080")).StatusCode);
            // Finesse allows an OFFERED dialog only ACCEPT, through a cluster's front end as on a single server.
            var early = await Send(clientB, HttpMethod.Put, $"/domains/{east}/api/v1/dialogs/{dialog}", "1080", new { action = "CLOSE" });
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
            var refusal = await early.Content.ReadAsStringAsync();
            Assert.Contains("CLOSE is not valid for a dialog that is OFFERED", refusal, StringComparison.Ordinal);
            Assert.Contains("E_ARM_STAT_INVALID_MESSAGE_SEQUENCE", refusal, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.BadRequest, (await Send(clientB, HttpMethod.Put, $"/domains/{east}/api/v1/dialogs/{dialog}", "1080", new { action = "DANCE" })).StatusCode);
            var states = new List<string?>();
            foreach (var action in new[] { "ACCEPT", "START", "CLOSE" })
            {
                // A started task is the agent's to close, but not as a ring-out: that is the system's to say, as on a single server.
                if (action == "CLOSE")
                {
                    var ringOut = await Send(clientB, HttpMethod.Put, $"/domains/{east}/api/v1/dialogs/{dialog}", "1080", new { action, disposition = 19 });
                    Assert.Equal(HttpStatusCode.BadRequest, ringOut.StatusCode);
                    Assert.Contains("set only by the router and the peripheral", await ringOut.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                }
                var step = await Send(clientB, HttpMethod.Put, $"/domains/{east}/api/v1/dialogs/{dialog}", "1080", new { action });
                Assert.Equal(HttpStatusCode.OK, step.StatusCode);
                states.Add((await step.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
            }
            Assert.Equal(["ACCEPTED", "ACTIVE", "CLOSED"], states);
            // A media change takes Finesse's settings, and answers the agent after it.
            var notRoutable = await Send(clientA, HttpMethod.Put, $"/domains/{east}/api/v1/agents/1080/media/5011", "1080", new { routable = false });
            Assert.False((await notRoutable.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("media").EnumerateArray().Single(m => m.GetProperty("mrdId").GetInt32() == 5011).GetProperty("routable").GetBoolean());
            Assert.Equal(HttpStatusCode.BadRequest, (await Send(clientA, HttpMethod.Put, $"/domains/{east}/api/v1/agents/1080/media/5011", "1080", new { state = "READY", reasonCode = -1 })).StatusCode);
            // A field the change does not have is refused, as on a single server: passed over, it went not ready with reason 0.
            var misspelled = await Send(clientA, HttpMethod.Put, $"/domains/{east}/api/v1/agents/1080/media/5011", "1080", new { state = "NOT_READY", reason = 7 });
            Assert.Equal(HttpStatusCode.BadRequest, misspelled.StatusCode);
            Assert.Contains("$.reason is not a field of this request", await misspelled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var xml = await (await clientA.GetAsync($"/domains/{east}/ccp/task/contact/{contact}")).Content.ReadAsStringAsync();
            Assert.Contains("<status>handled</status>", xml, StringComparison.Ordinal);

            // The west domain is another contact centre: its 1080 never signed in, its task waits.
            var other = await clientB.PostAsJsonAsync($"/domains/{west}/api/v1/tasks", new { name = "Bo", title = "Billing", scriptSelector = "CumulusTask" });
            Assert.Equal(HttpStatusCode.Created, other.StatusCode);
            var waiting = await other.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("queued", waiting.GetProperty("status").GetString());
            // ...until the application withdraws it, through the other silo.
            Assert.Equal(HttpStatusCode.OK, (await clientA.DeleteAsync($"/domains/{west}/ccp/task/contact/{waiting.GetProperty("id").GetGuid():N}")).StatusCode);
            // Polled as CCP answers a cancelled contact, in the words Cisco's task form compares.
            Assert.Contains("<status>discarded</status><statusReason>notification_cce_task_cancel_requested</statusReason>",
                await (await clientB.GetAsync($"/domains/{west}/ccp/task/contact/{waiting.GetProperty("id").GetGuid():N}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.BadRequest, (await clientA.DeleteAsync($"/domains/{east}/ccp/task/contact/{contact}")).StatusCode);

            // A client's retry with its Idempotency-Key, through the other silo, answers the first task.
            async Task<HttpResponseMessage> Keyed(HttpClient client, string title)
            {
                using var submit = new HttpRequestMessage(HttpMethod.Post, $"/domains/{west}/api/v1/tasks") { Content = JsonContent.Create(new { name = "Cy", title }) };
                submit.Headers.Add("Idempotency-Key", "order-42");
                return await client.SendAsync(submit);
            }
            var once = await Keyed(clientA, "Callback");
            var twice = await Keyed(clientB, "Callback");
            Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (once.StatusCode, twice.StatusCode));
            Assert.Equal(once.Headers.Location, twice.Headers.Location);
            Assert.False(once.Headers.Contains("Idempotent-Replayed"));
            Assert.Equal("true", twice.Headers.GetValues("Idempotent-Replayed").Single());
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Keyed(clientA, "Something else")).StatusCode);
            using (var ccpRetry = new HttpRequestMessage(HttpMethod.Post, $"/domains/{west}/ccp/task/feed/100000"))
            {
                ccpRetry.Content = new StringContent("<Task><name>Di</name><title>Refund</title></Task>", Encoding.UTF8, "application/xml");
                ccpRetry.Headers.Add("Idempotency-Key", "ccp-7");
                var ccpOnce = await clientB.SendAsync(ccpRetry);
                using var again = new HttpRequestMessage(HttpMethod.Post, $"/domains/{west}/ccp/task/feed/100000") { Content = new StringContent("<Task><name>Di</name><title>Refund</title></Task>", Encoding.UTF8, "application/xml") };
                again.Headers.Add("Idempotency-Key", "ccp-7");
                var ccpTwice = await clientA.SendAsync(again);
                Assert.Equal(ccpOnce.Headers.Location!.AbsolutePath, ccpTwice.Headers.Location!.AbsolutePath);
                Assert.Equal("true", ccpTwice.Headers.GetValues("Idempotent-Replayed").Single());
            }

            // Agents act only for themselves; unknown domains are 404.
            Assert.Equal(HttpStatusCode.Forbidden, (await Send(clientA, HttpMethod.Put, $"/domains/{east}/api/v1/agents/1080/media/5011", "1081", new { state = "LOGOUT" })).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await Send(clientA, HttpMethod.Get, $"/domains/{east}/api/v1/agents/1080", null)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await clientA.PostAsJsonAsync("/domains/nowhere/api/v1/tasks", new { name = "x", title = "y" })).StatusCode);
            // The GET form of a submit, as Cisco's samples send it, and a page on another origin's preflight.
            var viaQuery = await clientB.GetAsync($"/domains/{east}/ccp/task/feed/100000?name=Cy&title=Callback&variable_cv_1=gold&variable_mediaType=chat");
            Assert.Equal(HttpStatusCode.Created, viaQuery.StatusCode);
            Assert.Contains("<status>", await (await clientA.GetAsync(viaQuery.Headers.Location)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var preflight = new HttpRequestMessage(HttpMethod.Options, $"/domains/{east}/ccp/task/feed/100000");
            preflight.Headers.Add("Origin", "https://shop.example.com");
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            Assert.Equal("*", (await clientA.SendAsync(preflight)).Headers.GetValues("Access-Control-Allow-Origin").Single());
            // A body past the Task API's bound is refused before it is held, as on a single server.
            var huge = $"<Task><name>Ann</name><title>t</title><description>{new string('x', 300 * 1024)}</description></Task>";
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await clientA.PostAsync($"/domains/{east}/ccp/task/feed/100000", new StringContent(huge, Encoding.UTF8, "application/xml"))).StatusCode);

            // A stopping silo ends its event streams at once, as a single server does, rather than
            // holding its stop until the shutdown timeout resets them.
            var stopping = b.StopAsync();
            using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
                while (await events.ReadLineAsync(deadline.Token) is not null) { }
            await stopping;
        }
        finally
        {
            await b.StopAsync();
            await a.StopAsync();
            await b.DisposeAsync();
            await a.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_cluster_answers_each_queues_estimated_wait_as_a_single_server_does()
    {
        Assert.SkipWhen(Connection is null, "TASKROUTE_TEST_POSTGRES is not set: no PostgreSQL server to test against (CI sets it)");
        await using var lab = await OneDomainSilo("d");
        var (client, domain) = (lab.Client, lab.Name);
        // Agent 1082 works the chat MRD in Chat_Sales only, and starts the five tasks it can hold.
        Assert.Equal(HttpStatusCode.OK, (await Send(client, HttpMethod.Put, $"/domains/{domain}/api/v1/agents/1082/media/{LabConfiguration.ChatMrd}", "1082", new { state = "LOGIN" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(client, HttpMethod.Put, $"/domains/{domain}/api/v1/agents/1082/media/{LabConfiguration.ChatMrd}", "1082", new { state = "READY" })).StatusCode);
        async Task<Uri> Submit(string variables) => (await client.PostAsync($"/domains/{domain}/ccp/task/feed/{LabConfiguration.ChatFeed}",
            new StringContent($"<Task><name>n</name><title>t</title>{variables}</Task>", Encoding.UTF8, "application/xml"))).Headers.Location!;
        for (var i = 0; i < 5; i++) await Submit("");
        var dialogs = await (await Send(client, HttpMethod.Get, $"/domains/{domain}/api/v1/agents/1082/dialogs", "1082")).Content.ReadFromJsonAsync<JsonElement>();
        foreach (var dialog in dialogs.EnumerateArray())
            Assert.Equal(HttpStatusCode.OK, (await Send(client, HttpMethod.Put, $"/domains/{domain}/api/v1/dialogs/{dialog.GetProperty("id").GetString()}", "1082", new { action = "START" })).StatusCode);

        // One a minute from Chat_Sales: the next task there waits a minute; the Spanish queue served nobody.
        var sales = await Submit("");
        Assert.Equal("60", System.Xml.Linq.XElement.Parse(await client.GetStringAsync(sales.PathAndQuery)).Element("estimatedWaitTime")!.Value);
        // The JSON API's next one waits behind it.
        var created = await client.PostAsJsonAsync($"/domains/{domain}/api/v1/tasks", new { feedId = LabConfiguration.ChatFeed, name = "n", title = "t" });
        Assert.Equal(120, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("estimatedWaitSeconds").GetInt32());
        var spanish = await Submit("<variables><variable><name>cv_1</name><value>es</value></variable></variables>");
        Assert.Equal("-1", System.Xml.Linq.XElement.Parse(await client.GetStringAsync(spanish.PathAndQuery)).Element("estimatedWaitTime")!.Value);
    }

    [Fact]
    public async Task A_cluster_lists_and_cancels_a_domains_tasks_as_a_single_server_does()
    {
        Assert.SkipWhen(Connection is null, "TASKROUTE_TEST_POSTGRES is not set: no PostgreSQL server to test against (CI sets it)");
        await using var lab = await OneDomainSilo("d");
        var (client, domain) = (lab.Client, lab.Name);
        var ids = new List<string>();
        var createdTags = new List<string>();
        foreach (var name in new[] { "Ann", "Bob", "Cy" })
        {
            var submitted = await client.PostAsJsonAsync($"/domains/{domain}/api/v1/tasks", new { name, title = "waits" });
            ids.Add((await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
            createdTags.Add(submitted.Headers.ETag!.Tag);
        }
        async Task<JsonElement> List(string query) => await client.GetFromJsonAsync<JsonElement>($"/domains/{domain}/api/v1/tasks{query}");

        // Pages in the order the tasks came, nobody signed in to take them.
        var first = await List("?status=queued&pageSize=2");
        Assert.Equal((ids[0], ids[1], true), (first.GetProperty("items")[0].GetProperty("id").GetString(), first.GetProperty("items")[1].GetProperty("id").GetString(), first.GetProperty("hasMore").GetBoolean()));
        var second = await List("?status=queued&pageSize=2&page=2");
        Assert.Equal(ids[2], Assert.Single(second.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());

        // Cancelled while queued: CCP's discarded, cancelled; a second cancel is refused; unknown ids are not found.
        var cancelled = await client.DeleteAsync($"/domains/{domain}/api/v1/tasks/{ids[1]}");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var task = await cancelled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("discarded", "cancelled"), (task.GetProperty("status").GetString(), task.GetProperty("statusReason").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"/domains/{domain}/api/v1/tasks/{ids[1]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/domains/{domain}/api/v1/tasks/{Guid.NewGuid():D}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/domains/{domain}/api/v1/tasks/abc")).StatusCode);
        Assert.Equal(ids[1], Assert.Single((await List("?status=discarded")).GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(3, (await List("")).GetProperty("items").GetArrayLength());

        // The same checks of the query as a single server's, and a page past any list is empty.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/domains/{domain}/api/v1/tasks?status=lost")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/domains/{domain}/api/v1/tasks?pageSize=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/domains/{domain}/api/v1/tasks?feedId=100000")).StatusCode);
        Assert.Equal(0, (await List("?page=2147483647&pageSize=500")).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/domains/{domain}/api/v1/tasks/abc")).StatusCode);
        // A single server's resource asked of a silo is told where a silo's are, not sent to an OpenAPI document it has none of.
        using var reports = await client.GetAsync("/api/v1/reports/summary");
        Assert.Equal(HttpStatusCode.NotFound, reports.StatusCode);
        Assert.Contains("a cluster's silo answers the task and agent APIs under /domains/{name}/", (await reports.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // ETags as a single server's: a read names the task's version, an unchanged one is 304, a cancel
        // naming an old version is refused.
        var read = await client.GetAsync($"/domains/{domain}/api/v1/tasks/{ids[0]}");
        var etag = read.Headers.ETag!.Tag;
        // The submit's 201 named the same version, as a single server's does.
        Assert.Equal(etag, createdTags[0]);
        Assert.Equal(etag, (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eTag").GetString());
        using var unchanged = new HttpRequestMessage(HttpMethod.Get, $"/domains/{domain}/api/v1/tasks/{ids[0]}");
        unchanged.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(unchanged)).StatusCode);
        using var stale = new HttpRequestMessage(HttpMethod.Delete, $"/domains/{domain}/api/v1/tasks/{ids[0]}");
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"old\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(stale)).StatusCode);
        using var current = new HttpRequestMessage(HttpMethod.Delete, $"/domains/{domain}/api/v1/tasks/{ids[0]}");
        current.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(current)).StatusCode);

        // HEAD answers as GET does, but never submits through the CCP form's GET.
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/domains/{domain}/api/v1/tasks?status=queued"))).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/domains/{domain}/ccp/task/feed/100000?name=n&title=t"))).StatusCode);
        Assert.Equal(3, (await List("")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_clusters_get_form_reads_parameter_names_case_sensitively_as_a_single_server_does()
    {
        Assert.SkipWhen(Connection is null, "TASKROUTE_TEST_POSTGRES is not set: no PostgreSQL server to test against (CI sets it)");
        await using var lab = await OneDomainSilo("q");
        var (client, domain) = (lab.Client, lab.Name);
        var created = await client.GetAsync($"/domains/{domain}/ccp/task/feed/100000?Name=second&name=first&title=T");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var task = await client.GetFromJsonAsync<JsonElement>($"/domains/{domain}/api/v1/tasks/{Guid.ParseExact(created.Headers.Location!.Segments[^1], "N"):D}");
        Assert.Equal("first", task.GetProperty("name").GetString());
        var onlyCapital = await client.GetAsync($"/domains/{domain}/ccp/task/feed/100000?Name=n&title=T");
        Assert.Equal(HttpStatusCode.BadRequest, onlyCapital.StatusCode);
        Assert.Contains("<errorData>name</errorData>", await onlyCapital.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_whose_database_cannot_be_reached_is_not_ready_and_says_why()
    {
        // Membership on localhost; the domains' journals in a PostgreSQL that is not there.
        var catalog = new DomainCatalog("Host=127.0.0.1;Port=1;Username=nobody;Password=x;Database=none;Timeout=1", new Dictionary<string, Core.Configuration.RoutingConfiguration> { ["east"] = LabConfiguration.Create() });
        var port = FreePort.Next();
        var (silo, client) = await Silo(catalog, Guid.NewGuid().ToString("N")[..8], port, FreePort.Next(), new IPEndPoint(IPAddress.Loopback, port));
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
            var ready = await client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.StartsWith("Unhealthy: the cluster's PostgreSQL database cannot be reached", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            // Each silo is scraped as a single server is: its requests and its runtime.
            var metrics = await client.GetStringAsync("/metrics");
            Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
            Assert.Contains("dotnet_gc_collections", metrics, StringComparison.Ordinal);
            // A submit waits out its domain for the retry window, then is told to come back: a 503
            // problem with Retry-After, not an error in the log.
            var submit = await client.PostAsJsonAsync("/domains/east/api/v1/tasks", new { name = "Ann", title = "waits" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, submit.StatusCode);
            Assert.Equal("application/problem+json", submit.Content.Headers.ContentType!.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(1), submit.Headers.RetryAfter!.Delta);
            Assert.Contains("retry in a moment", await submit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await silo.StopAsync();
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_domain_configured_with_accounts_signs_in_with_them_not_with_the_labs_published_password()
    {
        // Accounts are checked by the front end, before any domain is reached: no database needed.
        var catalog = new DomainCatalog("Host=127.0.0.1;Port=1;Username=nobody;Password=x;Database=none;Timeout=1",
            new Dictionary<string, Core.Configuration.RoutingConfiguration> { ["east"] = LabConfiguration.Create(), ["lab"] = LabConfiguration.Create() });
        var accounts = new Dictionary<string, AccountStore>
        {
            ["east"] = AccountStore.From([new Configuration.AccountConfig { User = "admin", Role = "administrator", PasswordHash = PasswordHash.Create("s3cret") }]),
        };
        var port = FreePort.Next();
        var (silo, client) = await Silo(catalog, Guid.NewGuid().ToString("N")[..8], port, FreePort.Next(), new IPEndPoint(IPAddress.Loopback, port), accounts);
        try
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await Send(client, HttpMethod.Get, "/domains/east/api/v1/agents/1080", "admin")).StatusCode);
            using var configured = new HttpRequestMessage(HttpMethod.Get, "/domains/east/api/v1/agents/1080");
            configured.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:s3cret")));
            Assert.NotEqual(HttpStatusCode.Unauthorized, (await client.SendAsync(configured)).StatusCode);
            // A domain named alone is the lab, with its own accounts.
            Assert.NotEqual(HttpStatusCode.Unauthorized, (await Send(client, HttpMethod.Get, "/domains/lab/api/v1/agents/1080", "admin")).StatusCode);
            // The list of tasks hands out every task's id: on a configured domain, only to its supervisors and administrators.
            Assert.Equal(HttpStatusCode.Unauthorized, (await Send(client, HttpMethod.Get, "/domains/east/api/v1/tasks", null)).StatusCode);
        }
        finally
        {
            await silo.StopAsync();
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_feed_with_an_API_key_takes_tasks_through_a_cluster_front_end_only_with_its_key()
    {
        Assert.SkipWhen(Connection is null, "TASKROUTE_TEST_POSTGRES is not set: no PostgreSQL server to test against (CI sets it)");
        var keyed = LabVariant.With(feed: f => f.Id != LabConfiguration.EmailFeed ? f
            : new Core.Configuration.TaskFeed { Id = f.Id, Name = f.Name, DefaultScriptSelector = f.DefaultScriptSelector, ApiKey = "s3cret" });
        await using var lab = await OneDomainSilo("k", configuration: keyed);
        var (client, domain) = (lab.Client, lab.Name);
        HttpRequestMessage Ccp(HttpMethod method, string path, string? key)
        {
            var request = new HttpRequestMessage(method, $"/domains/{domain}/ccp/task/feed/{LabConfiguration.EmailFeed}{path}");
            if (method == HttpMethod.Post) request.Content = new StringContent("<Task><name>Ann</name><title>Refund</title></Task>", Encoding.UTF8, "application/xml");
            if (key is not null) request.Headers.Add("X-Api-Key", key);
            return request;
        }
        var refused = await client.SendAsync(Ccp(HttpMethod.Post, "", null));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("<errorData>X-Api-Key</errorData>", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Ccp(HttpMethod.Post, "", "wrong"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Ccp(HttpMethod.Get, "?name=Ann&title=Refund", null))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(Ccp(HttpMethod.Post, "", "s3cret"))).StatusCode);

        var json = new { feedId = LabConfiguration.EmailFeed, name = "Ann", title = "Refund" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(client, HttpMethod.Post, $"/domains/{domain}/api/v1/tasks", null, json)).StatusCode);
        using var withKey = new HttpRequestMessage(HttpMethod.Post, $"/domains/{domain}/api/v1/tasks") { Content = JsonContent.Create(json) };
        withKey.Headers.Add("X-Api-Key", "s3cret");
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(withKey)).StatusCode);

        // The lab's open feed needs no key, as CCP's Task API does.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/domains/{domain}/ccp/task/feed/100000",
            new StringContent("<Task><name>Bo</name><title>Help</title></Task>", Encoding.UTF8, "application/xml"))).StatusCode);
    }

    [Fact]
    public async Task A_cluster_front_end_holds_each_client_to_its_submit_limit_over_both_task_apis()
    {
        Assert.SkipWhen(Connection is null, "TASKROUTE_TEST_POSTGRES is not set: no PostgreSQL server to test against (CI sets it)");
        // A token every ~17 minutes: the burst of two is all this test can get, however slow the silo.
        await using var lab = await OneDomainSilo("r", configure: o => { o.SubmitsPerSecond = 0.001; o.SubmitBurst = 2; });
        var (client, domain) = (lab.Client, lab.Name);
        var json = new { name = "Ann", title = "Refund" };
        Assert.Equal(HttpStatusCode.Created, (await Send(client, HttpMethod.Post, $"/domains/{domain}/api/v1/tasks", null, json)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/domains/{domain}/ccp/task/feed/100000",
            new StringContent("<Task><name>Bo</name><title>Help</title></Task>", Encoding.UTF8, "application/xml"))).StatusCode);

        using var refused = await Send(client, HttpMethod.Post, $"/domains/{domain}/api/v1/tasks", null, json);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        using var refusedCcp = await client.GetAsync($"/domains/{domain}/ccp/task/feed/100000?name=Cy&title=Help");
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedCcp.StatusCode);
        Assert.Contains("<errorData>Task</errorData>", await refusedCcp.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_started_with_another_configuration_replays_the_domain_as_it_happened_and_applies_its_own_from_then_on()
    {
        Assert.SkipWhen(Connection is null, "TASKROUTE_TEST_POSTGRES is not set: no PostgreSQL server to test against (CI sets it)");
        var domain = "m" + Guid.NewGuid().ToString("N")[..8];
        var lab = LabConfiguration.Create();
        // The same lab with one task per agent in the task MRD: replayed under it, 1080's second task would never have been routed.
        var oneEach = new Core.Configuration.RoutingConfiguration
        {
            AgentPeripheralId = lab.AgentPeripheralId, MediaRoutingPeripheralId = lab.MediaRoutingPeripheralId, RoutingClientId = lab.RoutingClientId,
            RouterCallKeyStart = lab.RouterCallKeyStart, UtcOffsetMinutes = lab.UtcOffsetMinutes, SkillGroups = lab.SkillGroups, Attributes = lab.Attributes,
            PrecisionQueues = lab.PrecisionQueues, Agents = lab.Agents, ScriptSelectors = lab.ScriptSelectors, TaskFeeds = lab.TaskFeeds,
            Mrds = [.. lab.Mrds.Select(m => m.Id != LabConfiguration.TaskMrd ? m : new Core.Configuration.MediaRoutingDomain { Id = m.Id, Name = m.Name, MaxTasksPerAgent = 1, Interruptible = m.Interruptible })],
        };
        var codec = new ConfigurationCodec(Configuration.ConfigurationFile.ToJson, Configuration.ConfigurationFile.ParseKept);
        async Task<(WebApplication App, HttpClient Client)> SiloWith(Core.Configuration.RoutingConfiguration configuration)
        {
            var port = FreePort.Next();
            var catalog = new DomainCatalog(Connection!, new Dictionary<string, Core.Configuration.RoutingConfiguration> { [domain] = configuration }) { Codec = codec };
            return await Silo(catalog, Guid.NewGuid().ToString("N")[..8], port, FreePort.Next(), new IPEndPoint(IPAddress.Loopback, port));
        }
        async Task Stop(WebApplication app, HttpClient client)
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
        async Task<(string?, int)> Task(HttpClient client, Guid id)
        {
            var task = await client.GetFromJsonAsync<JsonElement>($"/domains/{domain}/api/v1/tasks/{id:D}");
            return (task.GetProperty("status").GetString(), task.TryGetProperty("agentId", out var agent) && agent.ValueKind == JsonValueKind.Number ? agent.GetInt32() : 0);
        }
        async Task<int> LimitOf(HttpClient client, int login) =>
            (await (await Send(client, HttpMethod.Get, $"/domains/{domain}/api/v1/agents/{login}", login.ToString(System.Globalization.CultureInfo.InvariantCulture))).Content.ReadFromJsonAsync<JsonElement>())
                .GetProperty("media").EnumerateArray().Single(m => m.GetProperty("mrdId").GetInt32() == LabConfiguration.TaskMrd).GetProperty("maxTaskLimit").GetInt32();

        // Under the lab's three tasks per agent, 1080 holds two.
        var (a, clientA) = await SiloWith(lab);
        Guid first, second;
        try
        {
            var login = await Send(clientA, HttpMethod.Put, $"/domains/{domain}/api/v1/agents/1080/media/5011", "1080", new { state = "LOGIN" });
            Assert.True(login.IsSuccessStatusCode, await login.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await Send(clientA, HttpMethod.Put, $"/domains/{domain}/api/v1/agents/1080/media/5011", "1080", new { state = "READY" })).StatusCode);
            first = (await (await clientA.PostAsJsonAsync($"/domains/{domain}/api/v1/tasks", new { name = "Ann", title = "one" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            second = (await (await clientA.PostAsJsonAsync($"/domains/{domain}/api/v1/tasks", new { name = "Bo", title = "two" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            Assert.Equal(("reserved", 1080), await Task(clientA, second));
        }
        finally
        {
            await Stop(a, clientA);
        }

        // A silo given one task per agent takes the domain over: what happened stays as it happened...
        var (b, clientB) = await SiloWith(oneEach);
        try
        {
            Assert.Equal(("reserved", 1080), await Task(clientB, first));
            Assert.Equal(("reserved", 1080), await Task(clientB, second));
            // ...and its configuration applies from now on: an agent signing in now may hold one task.
            Assert.Equal(HttpStatusCode.OK, (await Send(clientB, HttpMethod.Put, $"/domains/{domain}/api/v1/agents/1081/media/5011", "1081", new { state = "LOGIN" })).StatusCode);
            Assert.Equal((3, 1), (await LimitOf(clientB, 1080), await LimitOf(clientB, 1081)));
        }
        finally
        {
            await Stop(b, clientB);
        }

        // Back on a silo with the lab: the journal replays through the change and back, as it happened.
        var (c, clientC) = await SiloWith(lab);
        try
        {
            Assert.Equal(("reserved", 1080), await Task(clientC, second));
            Assert.Equal((3, 1), (await LimitOf(clientC, 1080), await LimitOf(clientC, 1081)));
        }
        finally
        {
            await Stop(c, clientC);
        }
    }

    [Fact]
    public async Task A_silo_whose_domains_do_not_name_a_domain_runs_it_under_the_configuration_kept_for_it()
    {
        Assert.SkipWhen(Connection is null, "TASKROUTE_TEST_POSTGRES is not set: no PostgreSQL server to test against (CI sets it)");
        var run = Guid.NewGuid().ToString("N")[..8];
        var (named, other) = ($"n{run}", $"o{run}");
        var codec = new ConfigurationCodec(Configuration.ConfigurationFile.ToJson, Configuration.ConfigurationFile.ParseKept);
        async Task<(WebApplication App, HttpClient Client)> SiloNaming(string domain)
        {
            var port = FreePort.Next();
            var catalog = new DomainCatalog(Connection!, new Dictionary<string, Core.Configuration.RoutingConfiguration> { [domain] = LabConfiguration.Create() }) { Codec = codec };
            return await Silo(catalog, Guid.NewGuid().ToString("N")[..8], port, FreePort.Next(), new IPEndPoint(IPAddress.Loopback, port));
        }

        var (a, clientA) = await SiloNaming(named);
        Guid contact;
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await Send(clientA, HttpMethod.Put, $"/domains/{named}/api/v1/agents/1080/media/5011", "1080", new { state = "LOGIN" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Send(clientA, HttpMethod.Put, $"/domains/{named}/api/v1/agents/1080/media/5011", "1080", new { state = "READY" })).StatusCode);
            contact = (await (await clientA.PostAsJsonAsync($"/domains/{named}/api/v1/tasks", new { name = "Ann", title = "one" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }
        finally
        {
            clientA.Dispose();
            await a.StopAsync();
            await a.DisposeAsync();
        }

        // Orleans may place the domain's grain on a silo started with other --domains: it runs it
        // as the domain's own silos did (it used to fail every call placed there).
        var (b, clientB) = await SiloNaming(other);
        try
        {
            var grain = b.Services.GetRequiredService<Orleans.IGrainFactory>().GetGrain<IRoutingDomainGrain>(named);
            var found = await grain.Contact(contact);
            Assert.NotNull(found);
            Assert.Equal(("reserved", 1080), (found.Status, found.AgentLoginId));
        }
        finally
        {
            clientB.Dispose();
            await b.StopAsync();
            await b.DisposeAsync();
        }
    }
}
