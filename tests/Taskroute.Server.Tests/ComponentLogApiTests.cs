using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Taskroute.Server.Tests;

/// <summary>The component logs of a running server: the seed's task leaves the seed's lines in each component's file, read and tuned over HTTP.</summary>
public class ComponentLogApiTests
{
    private static Task<HttpResponseMessage> Send(TestServer server, string? user, HttpMethod method, string path, object? body = null) =>
        server.SendAs(user, method, path, body);

    private static async Task<string> Read(TestServer server, string component)
    {
        var listing = await (await Send(server, "sup1", HttpMethod.Get, "/api/v1/logs/" + component)).Content.ReadFromJsonAsync<JsonElement>();
        var file = Assert.Single(listing.GetProperty("files").EnumerateArray());
        var response = await Send(server, "sup1", HttpMethod.Get, $"/api/v1/logs/{component}/files/{file.GetProperty("path").GetString()}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    // The ICM components write local time, as the servers they imitate do.
    private static string Local(int h, int m, int s, int ms) =>
        new DateTimeOffset(2024, 1, 30, h, m, s, ms, TimeSpan.FromHours(-5)).ToLocalTime().ToString("HH:mm:ss:fff", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_seeds_task_leaves_the_seeds_lines_with_matching_ids_in_every_components_log()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 30, 8, 54, 27, 874, TimeSpan.FromHours(-5)));
        await using var server = await TestServer.StartAsync(time: time);
        var contact = (await TraceApiTests.RunSeedTask(server, time)).ToString("D");

        var all = await (await Send(server, "sup1", HttpMethod.Get, "/api/v1/logs")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["ccppublicapps", "ccpapi", "runtime", "webservices", "ctisvr", "pim", "rtr"], all.EnumerateArray().Select(c => c.GetProperty("component").GetString()));
        Assert.All(all.EnumerateArray(), c => Assert.Equal("INFO", c.GetProperty("level").GetString()));

        var ctisvr = await Read(server, "ctisvr");
        Assert.Contains($"{Local(8, 55, 58, 923)} cg3A-ctisvr Trace: OFFER_TASK_EVENT: PeripheralID=5000 PeripheralType=4 MRDomainID=5011", ctisvr, StringComparison.Ordinal);
        Assert.Contains($"{Local(8, 55, 58, 923)} cg3A-ctisvr Trace: TaskID=154526:37051928:1 ICMAgentID=5172 SkillGroupID=5199", ctisvr, StringComparison.Ordinal);
        Assert.Contains($"{Local(8, 56, 53, 745)} cg3A-ctisvr Session 3: TaskID:154526/37051928/1ARMSkillGroupID:5199", ctisvr, StringComparison.Ordinal);
        Assert.Contains("cg3A-ctisvr Trace: AGENT_EVENT: ID=1080 Periph=5000 Ext=1080 Inst=1080 Sig=Finesse UniqueID=1080", ctisvr, StringComparison.Ordinal);

        var pim = await Read(server, "pim");
        Assert.Contains($"{Local(8, 55, 49, 233)} PG2A-pim3 Trace: Application->PG:\nMessage = NEW_TASK;", pim, StringComparison.Ordinal);
        Assert.Contains($"ApplicationString1: {contact}", pim, StringComparison.Ordinal);
        Assert.Contains("Message = DO_THIS_WITH_TASK;", pim, StringComparison.Ordinal);
        Assert.Contains("IcmTaskID = 154526:37051928: 1\nSkillGroup = (5199) Hex 0000144f", pim, StringComparison.Ordinal);

        var rtr = await Read(server, "rtr");
        Assert.Contains($"NewCall: CID=(154526,37051928), DN=CumulusTask, ANI={contact}", rtr, StringComparison.Ordinal);

        var runtime = await Read(server, "runtime");
        Assert.Contains($"{CiscoLocal(8, 55, 49, 233)}: %CCBU_____FEEDS-6-SOCIAL_CONTACT_CREATED: %[SocialContactID={contact}]", runtime, StringComparison.Ordinal);

        var webservices = await Read(server, "webservices");
        Assert.Contains("[INFO]: [call-id [154526_37051928_1]] [agent-id [1080]]:", webservices, StringComparison.Ordinal);
    }

    // Cisco Log lines carry local time and its offset; the seed's are at -0500.
    private static string CiscoLocal(int h, int m, int s, int ms)
    {
        var seed = new DateTimeOffset(2024, 1, 30, h, m, s, ms, TimeSpan.FromHours(-5)).ToLocalTime();
        var offset = seed.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return seed.ToString("MMM dd yyyy HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) + $" {sign}{Math.Abs(offset.Hours):00}{Math.Abs(offset.Minutes):00}";
    }

    [Fact]
    public async Task An_administrator_changes_a_components_level_at_run_time_and_bad_requests_get_clear_errors()
    {
        await using var server = await TestServer.StartAsync();

        var changed = await Send(server, "admin", HttpMethod.Put, "/api/v1/logs/webservices/level", new { level = "TRACE" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("TRACE", (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("level").GetString());
        var listing = await (await Send(server, "sup1", HttpMethod.Get, "/api/v1/logs/webservices")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("TRACE", listing.GetProperty("level").GetString());

        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(server, null, HttpMethod.Get, "/api/v1/logs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(server, "1080", HttpMethod.Get, "/api/v1/logs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(server, "sup1", HttpMethod.Put, "/api/v1/logs/webservices/level", new { level = "OFF" })).StatusCode);
        foreach (var (method, path, body, says) in new (HttpMethod, string, object?, string)[]
        {
            (HttpMethod.Put, "/api/v1/logs/webservices/level", new { level = "LOUD" }, "TRACE"),
            (HttpMethod.Put, "/api/v1/logs/nosuch/level", new { level = "INFO" }, "ctisvr"),
            (HttpMethod.Get, "/api/v1/logs/ctisvr?reltime=fortnights%202", null, "fortnights"),
            (HttpMethod.Get, "/api/v1/logs/ctisvr?abstime=yesterday%20today", null, "hh:mm:MM/DD/YY"),
            (HttpMethod.Get, "/api/v1/logs/ctisvr?match=%5B", null, "["),
            (HttpMethod.Get, "/api/v1/logs/ctisvr/files/..%2F..%2Fjournal.db", null, "no file"),
        })
        {
            var response = await Send(server, "admin", method, path, body);
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
            Assert.Contains(says, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
