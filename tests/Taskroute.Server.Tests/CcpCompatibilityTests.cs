using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Taskroute.Server.Tests;

/// <summary>
/// What real CCP Task API clients send and expect beyond the basics: the request forms of Cisco's
/// developer pages and samples, browsers on other origins, the CCP 12.x root, a proxy in front.
/// </summary>
public class CcpCompatibilityTests
{
    private static StringContent TaskXml(string body) => new(body, Encoding.UTF8, "application/xml");

    private static Guid ContactId(Uri location) => Guid.ParseExact(location.AbsolutePath[(location.AbsolutePath.LastIndexOf('/') + 1)..], "N");

    private static async Task<XElement> Poll(TestServer server, Uri location)
    {
        var response = await server.Client.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return XElement.Parse(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ciscos_predefined_and_extension_variables_are_taken_and_mediaType_sets_the_tasks_media_type()
    {
        await using var server = await TestServer.StartAsync();
        // The payload of Cisco's POST example: CCE variables beside CCP's own.
        var response = await server.Client.PostAsync("/ccp/task/feed/100000", TaskXml("""
            <Task>
              <name>Ann</name><title>Order status</title><scriptSelector>CumulusTask</scriptSelector>
              <variables>
                <variable><name>cv_1</name><value>gold</value></variable>
                <variable><name>user_user.order.id</name><value>1234</value></variable>
                <variable><name>mediaType</name><value>social</value></variable>
                <variable><name>podRefURL</name><value>https://context.example.com/pod/1</value></variable>
                <variable><name>anythingElseExtensionFieldName</name><value>x</value></variable>
              </variables>
            </Task>
            """));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = ContactId(response.Headers.Location!);
        var data = await server.Host.QueryAsync((engine, _) => engine.FindContact(id)!.Data);
        Assert.Equal("social", data.MediaType);
        Assert.Equal(["gold"], data.CallVariables);
        Assert.Equal([new KeyValuePair<string, string>("user.order.id", "1234")], data.EccVariables);

        var viaQuery = await server.Client.GetAsync("/ccp/task/feed/100000?name=Bo&title=Callback&variable_mediaType=email&variable_podRefURL=x");
        Assert.Equal(HttpStatusCode.Created, viaQuery.StatusCode);
        var queried = ContactId(viaQuery.Headers.Location!);
        Assert.Equal("email", await server.Host.QueryAsync((engine, _) => engine.FindContact(queried)!.Data.MediaType));
    }

    [Fact]
    public async Task The_get_form_reads_percent_encoded_utf8_and_refuses_another_encoding_naming_the_parameter()
    {
        await using var server = await TestServer.StartAsync();
        var utf8 = await server.Client.GetAsync("/ccp/task/feed/100000?name=Jos%C3%A9+Mar%C3%ADa&title=T&variable_cv_1=%E2%82%AC5");
        Assert.Equal(HttpStatusCode.Created, utf8.StatusCode);
        var id = ContactId(utf8.Headers.Location!);
        var data = await server.Host.QueryAsync((engine, _) => engine.FindContact(id)!.Data);
        Assert.Equal("José María", data.Name);
        Assert.Equal(["€5"], data.CallVariables);

        // Latin-1's é: before, the task was created and named "Jos%E9".
        var latin1 = await server.Client.GetAsync("/ccp/task/feed/100000?title=T&name=Jos%E9");
        Assert.Equal(HttpStatusCode.BadRequest, latin1.StatusCode);
        var error = XElement.Parse(await latin1.Content.ReadAsStringAsync()).Element("apiError")!;
        Assert.Equal("name", error.Element("errorData")!.Value);
        Assert.Contains("not percent-encoded UTF-8", error.Element("errorMessage")!.Value, StringComparison.Ordinal);

        // A % that starts no escape: before, the task was created and named "%zz" or "n%2". Sent as
        // curl sends it: .NET's Uri would make each such % a %25 on the way.
        foreach (var query in new[] { "title=T&name=%zz", "name=n%2&title=T", "title=T&variable_cv_1=50%" })
        {
            using var socket = new System.Net.Sockets.TcpClient();
            await socket.ConnectAsync(server.Client.BaseAddress!.Host, server.Client.BaseAddress.Port);
            var stream = socket.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /ccp/task/feed/100000?{query} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
            var answer = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();
            Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
            Assert.Contains("a % itself is %25", answer, StringComparison.Ordinal);
        }
        Assert.Equal(1, await server.Host.QueryAsync((engine, _) => engine.Contacts.Count()));
    }

    [Fact]
    public async Task A_page_on_another_origin_passes_the_preflight_and_may_read_the_contacts_location()
    {
        await using var server = await TestServer.StartAsync();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/ccp/task/feed/100000");
        preflight.Headers.Add("Origin", "https://shop.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        var answer = await server.Client.SendAsync(preflight);
        Assert.True(answer.IsSuccessStatusCode, $"preflight answered {(int)answer.StatusCode}");
        Assert.Equal("*", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", answer.Headers.GetValues("Access-Control-Allow-Methods").Single());

        using var post = new HttpRequestMessage(HttpMethod.Post, "/ccp/task/feed/100000") { Content = TaskXml("<Task><name>Ann</name><title>t</title></Task>") };
        post.Headers.Add("Origin", "https://shop.example.com");
        var created = await server.Client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("*", created.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Location", created.Headers.GetValues("Access-Control-Expose-Headers").Single());
    }

    [Fact]
    public async Task A_page_on_another_origin_submits_and_polls_a_task_in_a_real_browser()
    {
        await using var server = await TestServer.StartAsync();
        await using var chromium = await HeadlessChromium.Open();
        // The shop's page comes from another origin on this machine (another port, named localhost):
        // only CORS lets its script send XML to the Task API (a preflight first) and read the contact's URL.
        var site = WebApplication.CreateSlimBuilder();
        site.WebHost.UseUrls("http://127.0.0.1:0");
        await using var shop = site.Build();
        shop.MapGet("/", () => Results.Content("<!doctype html><title>shop</title>", "text/html"));
        shop.MapGet("/favicon.ico", () => Results.NoContent());
        await shop.StartAsync();
        await chromium.Page.GotoAsync($"http://localhost:{new Uri(shop.Urls.First()).Port}/");
        var answer = await chromium.Page.EvaluateAsync<string>("""
            async api => {
              const created = await fetch(api + '/ccp/task/feed/100000', {
                method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: '<Task><name>Ann</name><title>Web</title></Task>' });
              if (created.status !== 201) return 'status ' + created.status;
              const location = created.headers.get('Location');
              const polled = new DOMParser().parseFromString(await (await fetch(location)).text(), 'application/xml');
              return location + ' ' + polled.querySelector('status').textContent;
            }
            """, server.Client.BaseAddress!.ToString().TrimEnd('/'));
        Assert.Matches("^http://127.0.0.1:[0-9]+/ccp/task/contact/[0-9a-f]{32} queued$", answer);
        Assert.Empty(chromium.Errors);
    }

    [Theory]
    [InlineData("/desktop")]
    [InlineData("/supervisor")]
    [InlineData("/trace")]
    [InlineData("/reports")]
    public async Task The_pages_may_not_be_framed_by_another_site(string path)
    {
        await using var server = await TestServer.StartAsync();
        var page = await server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(["DENY"], page.Headers.GetValues("X-Frame-Options"));
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(["nosniff"], page.Headers.GetValues("X-Content-Type-Options"));
    }

    [Fact]
    public async Task The_json_api_is_not_opened_to_other_origins()
    {
        await using var server = await TestServer.StartAsync();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = new StringContent("""{"name":"Ann","title":"t"}""", Encoding.UTF8, "application/json") };
        post.Headers.Add("Origin", "https://shop.example.com");
        var created = await server.Client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.False(created.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_ccp_rest_task_root_of_ccp_12_serves_the_same_api_and_keeps_its_root_in_the_contacts_url()
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.Client.PostAsync("/ccp/rest/task/feed/100000", TaskXml("<Task><name>Ann</name><title>t</title></Task>"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Matches("^http://127.0.0.1:[0-9]+/ccp/rest/task/contact/[0-9a-f]{32}$", location.ToString());
        var contact = await Poll(server, location);
        Assert.Equal(("queued", location.ToString()), (contact.Element("status")!.Value, contact.Element("refURL")!.Value));
        Assert.Equal(HttpStatusCode.OK, (await server.Client.DeleteAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await server.Client.GetAsync("/ccp/rest/task/feed/100000?name=Bo&title=t")).StatusCode);
    }

    [Fact]
    public async Task A_queued_contact_always_answers_an_estimated_wait_minus_one_without_history_and_ciscos_reason_code()
    {
        await using var server = await TestServer.StartAsync();
        var location = (await server.Client.PostAsync("/ccp/task/feed/100000", TaskXml("<Task><name>Ann</name><title>t</title></Task>"))).Headers.Location!;
        var contact = await Poll(server, location);
        Assert.Equal("queued", contact.Element("status")!.Value);
        Assert.Equal("-1", contact.Element("estimatedWaitTime")?.Value);
        Assert.Equal("EXTERNALLY_ROUTED", contact.Element("statusReason")?.Value);
        Assert.Equal(["estimatedWaitTime", "status", "statusReason", "refURL"], contact.Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public async Task A_submission_with_several_bad_fields_names_each_of_them()
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.Client.PostAsync("/ccp/task/feed/100000", TaskXml(
            "<Task><description>no name, no title</description><scriptSelector>ThisSelectorIsFarLongerThanThirtyTwoChars</scriptSelector></Task>"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = XElement.Parse(await response.Content.ReadAsStringAsync()).Elements("apiError").Select(e => e.Element("errorData")!.Value).ToList();
        Assert.Equal(["name", "title", "scriptSelector"], fields);
    }

    [Theory]
    [InlineData("<requeueOnRecovery>1</requeueOnRecovery>", true)]
    [InlineData("<requeueOnRecovery>TRUE</requeueOnRecovery>", true)]
    [InlineData("<requeueOnRecovery>0</requeueOnRecovery>", false)]
    [InlineData("<requeueOnRecovery/>", false)]
    public async Task RequeueOnRecovery_is_read_as_an_xml_boolean(string element, bool requeue)
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.Client.PostAsync("/ccp/task/feed/100000", TaskXml($"<Task><name>Ann</name><title>t</title>{element}</Task>"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = ContactId(response.Headers.Location!);
        Assert.Equal(requeue, await server.Host.QueryAsync((engine, _) => engine.FindContact(id)!.Data.RequeueOnRecovery));
    }

    [Fact]
    public async Task Behind_a_proxy_on_this_host_the_contacts_url_names_the_scheme_and_host_the_client_used()
    {
        await using var server = await TestServer.StartAsync();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/ccp/task/feed/100000") { Content = TaskXml("<Task><name>Ann</name><title>t</title></Task>") };
        post.Headers.Add("X-Forwarded-Proto", "https");
        post.Headers.Add("X-Forwarded-Host", "ccp.example.com");
        var created = await server.Client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("https://ccp.example.com/ccp/task/contact/", created.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
