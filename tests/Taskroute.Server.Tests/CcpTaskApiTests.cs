using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text;
using System.Xml.Linq;
using Taskroute.Core.Commands;
using Taskroute.Core.Lab;

namespace Taskroute.Server.Tests;

/// <summary>The CCP Task API over real HTTP on loopback, as a CCP client would use it.</summary>
public class CcpTaskApiTests
{
    private static StringContent TaskXml(string body) => new(body, Encoding.UTF8, "application/xml");

    private const string SeedTask = """
        <Task>
          <name>Cumulus customer</name>
          <title>Refund request</title>
          <description>Order 1234 arrived broken</description>
          <scriptSelector>CumulusTask</scriptSelector>
          <requeueOnRecovery>true</requeueOnRecovery>
          <tags><tag>vip</tag><tag>refund</tag></tags>
          <variables>
            <variable><name>cv_1</name><value>gold</value></variable>
            <variable><name>user_user.order.id</name><value>1234</value></variable>
          </variables>
          <mediaType>email</mediaType>
        </Task>
        """;

    private static async Task<XElement> Contact(TestServer server, Uri location)
    {
        var response = await server.Client.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        return XElement.Parse(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_posted_task_answers_201_with_the_contact_location_and_polls_as_queued()
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.Client.PostAsync("/ccp/task/feed/100000", TaskXml(SeedTask));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Matches("^http://127.0.0.1:[0-9]+/ccp/task/contact/[0-9a-f]{32}$", location.ToString());
        var contact = await Contact(server, location);
        Assert.Equal("queued", contact.Element("status")!.Value);
        Assert.Equal(location.ToString(), contact.Element("refURL")!.Value);
        Assert.Null(contact.Element("taskID"));
    }

    [Fact]
    public async Task A_routed_task_shows_its_task_id_and_agent_and_cannot_be_cancelled()
    {
        await using var server = await TestServer.StartAsync();
        await server.Host.ExecuteAsync(now => new SignIn(now, 1080, LabConfiguration.TaskMrd));
        await server.Host.ExecuteAsync(now => new SetReady(now, 1080, LabConfiguration.TaskMrd));

        var location = (await server.Client.PostAsync("/ccp/task/feed/100000", TaskXml(SeedTask))).Headers.Location!;
        var contact = await Contact(server, location);
        Assert.Equal("reserved", contact.Element("status")!.Value);
        Assert.Matches("^[0-9]+_[0-9]+_1$", contact.Element("taskID")!.Value);
        Assert.Equal("1080", contact.Element("agentID")!.Value);

        var cancel = await server.Client.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.BadRequest, cancel.StatusCode);
        var error = XElement.Parse(await cancel.Content.ReadAsStringAsync());
        Assert.Contains("reserved", error.Element("apiError")!.Element("errorMessage")!.Value);
    }

    [Fact]
    public async Task Delete_cancels_a_queued_task()
    {
        await using var server = await TestServer.StartAsync();
        var location = (await server.Client.PostAsync("/ccp/task/feed/100000", TaskXml(SeedTask))).Headers.Location!;
        Assert.Equal(HttpStatusCode.OK, (await server.Client.DeleteAsync(location)).StatusCode);
        var contact = await Contact(server, location);
        Assert.Equal(("discarded", "cancelled"), (contact.Element("status")!.Value, contact.Element("statusReason")!.Value));
    }

    [Fact]
    public async Task A_get_with_query_parameters_creates_a_task_the_same_way()
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.Client.GetAsync("/ccp/task/feed/100000?name=Ann&title=Callback&scriptSelector=CumulusTask&variable_cv_1=gold&variable_user_tier=vip");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("queued", (await Contact(server, response.Headers.Location!)).Element("status")!.Value);
    }

    [Fact]
    public async Task An_unknown_feed_is_404_in_ccps_error_format()
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.Client.PostAsync("/ccp/task/feed/424242", TaskXml(SeedTask));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = XElement.Parse(await response.Content.ReadAsStringAsync()).Element("apiError")!;
        Assert.Equal("feedId", error.Element("errorData")!.Value);
    }

    [Theory]
    [InlineData("<Task><title>t</title><scriptSelector>CumulusTask</scriptSelector></Task>", "name")]
    [InlineData("<Task><name>n</name><scriptSelector>CumulusTask</scriptSelector></Task>", "title")]
    [InlineData("<Task><name>n</name><title>t</title><scriptSelector>ThisSelectorIsFarLongerThanThirtyTwoChars</scriptSelector></Task>", "scriptSelector")]
    [InlineData("<Task><name>n</name><title>t</title><variables><variable><name>cv_11</name><value>x</value></variable></variables></Task>", "variables")]
    [InlineData("<Task><name>n</name><title>t</title><variables><variable><name>cv_2</name><value>01234567890123456789012345678901234567890</value></variable></variables></Task>", "cv_2")]
    [InlineData("<Task><name>n</name><title>t</title><requeueOnRecovery>maybe</requeueOnRecovery></Task>", "requeueOnRecovery")]
    [InlineData("<!DOCTYPE Task [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Task><name>&x;</name><title>t</title></Task>", "Task")]
    [InlineData("<Task><name>n</name>", "Task")]
    [InlineData("<Order><name>n</name><title>t</title></Order>", "Task")]
    [InlineData("<Task><name>A\uFFFF</name><title>t</title></Task>", "Task")]
    public async Task Bad_submissions_are_400_naming_the_field(string xml, string field)
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.Client.PostAsync("/ccp/task/feed/100000", TaskXml(xml));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = XElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(errors.Elements("apiError"), e => e.Element("errorData")!.Value == field);
        // Told what the document did, not which .NET setting refused it.
        Assert.DoesNotContain("XmlReaderSettings", errors.ToString());
        Assert.DoesNotContain("DtdProcessing", errors.ToString());
    }

    [Fact]
    public async Task An_unknown_script_selector_leaves_the_contact_discarded_with_ccps_no_script_reason()
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.Client.PostAsync("/ccp/task/feed/100000", TaskXml("<Task><name>n</name><title>t</title><scriptSelector>NoSuchDN</scriptSelector></Task>"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var contact = await Contact(server, response.Headers.Location!);
        Assert.Equal(("discarded", "NOTIFICATION_NO_SCRIPT"), (contact.Element("status")!.Value, contact.Element("statusReason")!.Value));
        // The JSON API keeps the flow's own words for it.
        var json = await server.Client.GetStringAsync($"/api/v1/tasks/{Guid.ParseExact(response.Headers.Location!.Segments[^1], "N"):D}");
        Assert.Contains("no script selector 'NoSuchDN'", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retried_submit_with_the_same_idempotency_key_returns_the_first_task()
    {
        await using var server = await TestServer.StartAsync();
        async Task<Uri> Post()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/ccp/task/feed/100000") { Content = TaskXml(SeedTask) };
            request.Headers.Add("Idempotency-Key", "order-1234");
            return (await server.Client.SendAsync(request)).Headers.Location!;
        }
        Assert.Equal(await Post(), await Post());
    }

    [Fact]
    public async Task An_idempotency_key_reused_for_a_different_task_is_422_and_makes_nothing()
    {
        await using var server = await TestServer.StartAsync();
        async Task<HttpResponseMessage> Post(string xml)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/ccp/task/feed/100000") { Content = TaskXml(xml) };
            request.Headers.Add("Idempotency-Key", "order-77");
            return await server.Client.SendAsync(request);
        }
        Assert.Equal(HttpStatusCode.Created, (await Post(SeedTask)).StatusCode);
        var other = await Post(SeedTask.Replace("<title>", "<title>Another ", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        var error = XElement.Parse(await other.Content.ReadAsStringAsync()).Element("apiError")!;
        Assert.Equal("Idempotency-Key", error.Element("errorData")!.Value);
        var all = await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/tasks");
        Assert.Equal(1, all.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("GET", "/ccp/task/nothing/here", 404, "path")]
    [InlineData("GET", "/ccp/rest/task/contact", 404, "path")]
    [InlineData("PUT", "/ccp/task/feed/100000", 405, "method")]
    [InlineData("PATCH", "/ccp/task/contact/0123456789abcdef0123456789abcdef", 405, "method")]
    public async Task Paths_and_methods_the_task_api_does_not_have_answer_in_ccps_error_format(string method, string path, int status, string field)
    {
        await using var server = await TestServer.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : TaskXml(SeedTask) };
        var response = await server.Client.SendAsync(request);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        var error = XElement.Parse(await response.Content.ReadAsStringAsync()).Element("apiError")!;
        Assert.Equal(field, error.Element("errorData")!.Value);
        Assert.Contains(path, error.Element("errorMessage")!.Value, StringComparison.Ordinal);
        // Paths outside the Task API keep ASP.NET's ProblemDetails.
        using var json = new HttpRequestMessage(HttpMethod.Get, "/api/v1/nothing/here");
        json.Headers.Accept.ParseAdd("application/json");
        var elsewhere = await server.Client.SendAsync(json);
        Assert.Equal("application/problem+json", elsewhere.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task An_unknown_contact_is_404()
    {
        await using var server = await TestServer.StartAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync($"/ccp/task/contact/{Guid.NewGuid():N}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/ccp/task/contact/not-an-id")).StatusCode);
    }
}
