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

    /// <summary>The JSON task resource of the contact a CCP submit answered with.</summary>
    private static async Task<JsonElement> TaskOf(TestServer server, HttpResponseMessage created) =>
        await server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{Guid.ParseExact(created.Headers.Location!.Segments[^1], "N"):D}");

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
    public async Task A_head_on_the_get_submit_form_creates_no_task_and_says_which_methods_the_feed_takes()
    {
        await using var server = await TestServer.StartAsync();
        async Task<int> Queued() => (await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/tasks?status=queued")).GetProperty("items").GetArrayLength();

        // An uptime monitor or curl -I pointed at a feed's URL asks HEAD.
        foreach (var root in new[] { "/ccp/task", "/ccp/rest/task" })
        {
            using var head = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{root}/feed/100000?name=Monitor&title=Up"));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, head.StatusCode);
            Assert.Equal(["GET", "POST"], head.Content.Headers.Allow.Order());
        }
        Assert.Equal(0, await Queued());

        var get = await server.Client.GetAsync("/ccp/task/feed/100000?name=Ann&title=Refund");
        Assert.Equal(HttpStatusCode.Created, get.StatusCode);
        Assert.Equal(1, await Queued());
    }

    [Fact]
    public async Task A_routed_task_shows_its_task_id_and_icm_agent_id_and_cannot_be_cancelled()
    {
        await using var server = await TestServer.StartAsync();
        await server.Host.ExecuteAsync(now => new SignIn(now, 1080, LabConfiguration.TaskMrd));
        await server.Host.ExecuteAsync(now => new SetReady(now, 1080, LabConfiguration.TaskMrd));

        var location = (await server.Client.PostAsync("/ccp/task/feed/100000", TaskXml(SeedTask))).Headers.Location!;
        var contact = await Contact(server, location);
        Assert.Equal(("reserved", "EXTERNALLY_ROUTED"), (contact.Element("status")!.Value, contact.Element("statusReason")!.Value));
        Assert.Matches("^[0-9]+_[0-9]+_1$", contact.Element("taskID")!.Value);
        // CCP knows the agent by what the MR PG's DO_THIS_WITH_TASK carries: the ICM agent id (5172), not the login id (1080).
        Assert.Equal("5172", contact.Element("agentID")!.Value);
        // Cisco's documented answer lists its elements in this order; refURL, which it does not show, comes last.
        Assert.Equal(["status", "statusReason", "taskID", "agentID", "refURL"], contact.Elements().Select(e => e.Name.LocalName));

        var cancel = await server.Client.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.BadRequest, cancel.StatusCode);
        var error = XElement.Parse(await cancel.Content.ReadAsStringAsync());
        Assert.Contains("reserved", error.Element("apiError")!.Element("errorMessage")!.Value);
    }

    [Fact]
    public async Task A_task_back_in_the_queue_after_its_agent_signed_out_answers_ciscos_queued_reason()
    {
        await using var server = await TestServer.StartAsync();
        await server.Host.ExecuteAsync(now => new SignIn(now, 1080, LabConfiguration.TaskMrd));
        await server.Host.ExecuteAsync(now => new SetReady(now, 1080, LabConfiguration.TaskMrd));
        var location = (await server.Client.PostAsync("/ccp/task/feed/100000", TaskXml(SeedTask))).Headers.Location!;
        Assert.Equal("reserved", (await Contact(server, location)).Element("status")!.Value);

        await server.Host.ExecuteAsync(now => new SignOut(now, 1080, LabConfiguration.TaskMrd));
        var contact = await Contact(server, location);
        Assert.Equal(("queued", "EXTERNALLY_ROUTED"), (contact.Element("status")!.Value, contact.Element("statusReason")!.Value));
    }

    [Fact]
    public async Task A_task_posted_with_any_content_type_is_read_as_xml_as_curl_sends_it()
    {
        await using var server = await TestServer.StartAsync();
        // curl -d sends form-urlencoded, a page avoiding a preflight text/plain: the body is still the task.
        foreach (var type in new[] { "application/x-www-form-urlencoded", "text/plain" })
        {
            var content = new StringContent(SeedTask, Encoding.UTF8, type);
            var response = await server.Client.PostAsync("/ccp/task/feed/100000", content);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_task_its_agent_closed_before_starting_says_why_it_was_discarded()
    {
        await using var server = await TestServer.StartAsync();
        await server.Host.ExecuteAsync(now => new SignIn(now, 1080, LabConfiguration.TaskMrd));
        await server.Host.ExecuteAsync(now => new SetReady(now, 1080, LabConfiguration.TaskMrd));
        var location = (await server.Client.PostAsync("/ccp/task/feed/100000", TaskXml(SeedTask))).Headers.Location!;
        var dialog = await server.Host.QueryAsync((engine, _) => engine.Dialogs(1080).Single().TaskId);
        Assert.True((await server.Host.ExecuteAsync(now => new ActOnDialog(now, 1080, dialog, Core.Flow.DialogAction.Accept))).Succeeded);
        Assert.True((await server.Host.ExecuteAsync(now => new ActOnDialog(now, 1080, dialog, Core.Flow.DialogAction.Close))).Succeeded);

        var contact = await Contact(server, location);
        Assert.Equal(("discarded", "disposition 37 (AbandonedWhileOffered)"), (contact.Element("status")!.Value, contact.Element("statusReason")?.Value));
        var json = await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/tasks/" + location.Segments[^1]);
        Assert.Equal("disposition 37 (AbandonedWhileOffered)", json.GetProperty("statusReason").GetString());
    }

    [Fact]
    public async Task Delete_cancels_a_queued_task_with_the_reason_ciscos_task_form_looks_for()
    {
        await using var server = await TestServer.StartAsync();
        var location = (await server.Client.PostAsync("/ccp/task/feed/100000", TaskXml(SeedTask))).Headers.Location!;
        Assert.Equal(HttpStatusCode.OK, (await server.Client.DeleteAsync(location)).StatusCode);
        var contact = await Contact(server, location);
        Assert.Equal(("discarded", "notification_cce_task_cancel_requested"), (contact.Element("status")!.Value, contact.Element("statusReason")!.Value));
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
    public async Task Variable_prefixes_are_read_in_any_case_as_cisco_documents_in_both_forms()
    {
        await using var server = await TestServer.StartAsync();
        var posted = await server.Client.PostAsync("/ccp/task/feed/100000", TaskXml("""
            <Task><name>n</name><title>t</title><variables>
              <variable><name>CV_1</name><value>upper</value></variable>
              <variable><name>User_user.x</name><value>UX</value></variable>
            </variables></Task>
            """));
        var got = await server.Client.GetAsync("/ccp/task/feed/100000?name=n&title=t&VARIABLE_Cv_2=two&variable_USER_user.y=why");
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (posted.StatusCode, got.StatusCode));

        var first = await TaskOf(server, posted);
        Assert.Equal("upper", first.GetProperty("callVariables").GetProperty("1").GetString());
        Assert.Equal("UX", first.GetProperty("eccVariables").GetProperty("user.x").GetString());
        var second = await TaskOf(server, got);
        Assert.Equal("two", second.GetProperty("callVariables").GetProperty("2").GetString());
        Assert.Equal("why", second.GetProperty("eccVariables").GetProperty("user.y").GetString());
    }

    [Fact]
    public async Task A_body_in_the_charset_its_content_type_names_is_read_in_that_charset()
    {
        await using var server = await TestServer.StartAsync();
        var latin1 = Encoding.Latin1.GetBytes("<Task><name>J\u00fcrgen</name><title>Caf\u00e9</title></Task>");
        var content = new ByteArrayContent(latin1);
        content.Headers.TryAddWithoutValidation("Content-Type", "text/xml; charset=ISO-8859-1");
        var response = await server.Client.PostAsync("/ccp/task/feed/100000", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var task = await TaskOf(server, response);
        Assert.Equal(("J\u00fcrgen", "Caf\u00e9"), (task.GetProperty("name").GetString(), task.GetProperty("title").GetString()));

        var unknown = new ByteArrayContent(latin1);
        unknown.Headers.TryAddWithoutValidation("Content-Type", "text/xml; charset=klingon");
        var refused = await server.Client.PostAsync("/ccp/task/feed/100000", unknown);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("Content-Type", XElement.Parse(await refused.Content.ReadAsStringAsync()).Element("apiError")!.Element("errorData")!.Value);
    }

    [Theory]
    [InlineData("utf8", "utf-8")]
    [InlineData("UTF8", "utf-8")]
    [InlineData("ISO8859_1", "iso-8859-1")]
    [InlineData("8859_1", "iso-8859-1")]
    [InlineData("iso_8859_1", "iso-8859-1")]
    [InlineData("ISO8859_15", "iso-8859-15")]
    [InlineData("Cp1252", "windows-1252")]
    [InlineData("MS932", "shift_jis")]
    [InlineData("windows-31j", "shift_jis")]
    [InlineData("euc_jp", "euc-jp")]
    [InlineData("UnicodeBigUnmarked", "utf-16BE")]
    [InlineData("UnicodeLittleUnmarked", "utf-16")]
    public async Task A_charset_named_as_java_names_it_is_read_as_java_reads_it(string javaName, string encoding)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        await using var server = await TestServer.StartAsync();
        // A name every one of these encodings can carry, and that comes out wrong when read as another.
        var name = encoding is "shift_jis" or "euc-jp" ? "山田" : encoding.StartsWith("utf", StringComparison.Ordinal) ? "Zoë 山田" : "Zoë";
        var content = new ByteArrayContent(Encoding.GetEncoding(encoding).GetBytes($"<Task><name>{name}</name><title>t</title></Task>"));
        content.Headers.TryAddWithoutValidation("Content-Type", $"application/xml; charset={javaName}");
        var response = await server.Client.PostAsync("/ccp/task/feed/100000", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(name, (await TaskOf(server, response)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_content_types_charset_outranks_the_documents_own_declaration()
    {
        await using var server = await TestServer.StartAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Task><name>Zo\u00eb</name><title>t</title></Task>"));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/xml; charset=utf-8");
        var response = await server.Client.PostAsync("/ccp/task/feed/100000", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var task = await TaskOf(server, response);
        Assert.Equal("Zo\u00eb", task.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("utf-8", "ISO-8859-1")]
    [InlineData("utf-8", "Shift_JIS")]
    [InlineData("utf-16", "ISO-8859-1")]
    [InlineData("utf-16BE", "ISO-8859-1")]
    public async Task A_byte_order_mark_outranks_the_documents_own_declaration(string encoding, string declared)
    {
        await using var server = await TestServer.StartAsync();
        // Notepad saves UTF-8 with a byte order mark; an old template keeps its encoding="...".
        var text = Encoding.GetEncoding(encoding);
        var document = $"<?xml version=\"1.0\" encoding=\"{declared}\"?><Task><name>Jos\u00e9 M\u00fcller \u5c71\u7530</name><title>t</title></Task>";
        var content = new ByteArrayContent([.. text.GetPreamble(), .. text.GetBytes(document)]);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/xml");
        var response = await server.Client.PostAsync("/ccp/task/feed/100000", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Jos\u00e9 M\u00fcller \u5c71\u7530", (await TaskOf(server, response)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_byte_its_byte_order_mark_cannot_read_is_refused_and_a_utf32_mark_still_reads()
    {
        await using var server = await TestServer.StartAsync();
        // A UTF-8 mark, then Latin-1's é: refused, not stored as U+FFFD.
        // Named as what it was read as, the mark's UTF-8, though the header says ISO-8859-1.
        var latin1 = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.ASCII.GetBytes("<Task><name>Jos"), 0xE9, .. Encoding.ASCII.GetBytes("</name><title>t</title></Task>")]);
        latin1.Headers.TryAddWithoutValidation("Content-Type", "application/xml; charset=ISO-8859-1");
        var refused = await server.Client.PostAsync("/ccp/task/feed/100000", latin1);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("the body is not valid utf-8", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // UTF-32 by its mark, both byte orders, whatever the header says.
        foreach (var (text, header) in new[] { (Encoding.UTF32, "application/xml"), (new UTF32Encoding(bigEndian: true, byteOrderMark: true), "application/xml; charset=utf-16") })
        {
            var utf32 = new ByteArrayContent([.. text.GetPreamble(), .. text.GetBytes("<Task><name>Zo\u00eb</name><title>t</title></Task>")]);
            utf32.Headers.TryAddWithoutValidation("Content-Type", header);
            var response = await server.Client.PostAsync("/ccp/task/feed/100000", utf32);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal("Zo\u00eb", (await TaskOf(server, response)).GetProperty("name").GetString());
        }
    }

    [Fact]
    public async Task A_field_given_twice_is_refused_and_every_bad_field_gets_its_own_api_error()
    {
        await using var server = await TestServer.StartAsync();
        var twice = await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent("<Task><name>Ann</name><name>Bob</name><title>t</title></Task>", Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        var error = XElement.Parse(await twice.Content.ReadAsStringAsync()).Element("apiError")!;
        Assert.Equal(("name", "<name> is given more than once; a task has one"), (error.Element("errorData")!.Value, error.Element("errorMessage")!.Value));

        var several = await server.Client.PostAsync("/ccp/task/feed/100000",
            new StringContent("<Task><name></name><title></title><variables><variable><value>x</value></variable></variables></Task>", Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.BadRequest, several.StatusCode);
        var fields = XElement.Parse(await several.Content.ReadAsStringAsync()).Elements("apiError").Select(e => e.Element("errorData")!.Value).ToArray();
        Assert.Equal(["name", "title", "variables"], fields.Order());

        var json = await server.Client.PostAsync("/api/v1/tasks", new StringContent("""{"name":"Ann","name":"Bob","title":"t"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        var said = await json.Content.ReadAsStringAsync();
        Assert.Contains("$.name is given more than once", said, StringComparison.Ordinal);
        Assert.DoesNotContain("Taskroute.", said, StringComparison.Ordinal);

        // A variable given twice, in any case of its prefix, or a variable with two names: each value would be read back wrong.
        foreach (var (variables, says) in new[]
        {
            ("<variable><name>user_x</name><value>a</value></variable><variable><name>USER_x</name><value>b</value></variable>", "ECC variable 'x' is given more than once"),
            ("<variable><name>cv_1</name><value>a</value></variable><variable><name>CV_1</name><value>b</value></variable>", "call variable cv_1 is given more than once"),
            ("<variable><name>cv_1</name><name>cv_2</name><value>a</value></variable>", "a <variable> holds one <name> and one <value>"),
        })
        {
            var refused = await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent($"<Task><name>n</name><title>t</title><variables>{variables}</variables></Task>", Encoding.UTF8, "application/xml"));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(says, XElement.Parse(await refused.Content.ReadAsStringAsync()).Element("apiError")!.Element("errorMessage")!.Value);
        }
    }

    [Fact]
    public async Task A_parameter_given_twice_in_the_get_form_counts_by_its_first_value()
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.Client.GetAsync("/ccp/task/feed/100000?name=A&name=B&title=t");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var task = await TaskOf(server, response);
        Assert.Equal("A", task.GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_get_form_reads_parameter_names_case_sensitively_as_a_servlet_does()
    {
        await using var server = await TestServer.StartAsync();
        // Name is not name: an unknown parameter, passed over, and name's own value stands.
        var named = await server.Client.GetAsync("/ccp/task/feed/100000?Name=second&name=first&title=T");
        Assert.Equal(HttpStatusCode.Created, named.StatusCode);
        Assert.Equal("first", (await TaskOf(server, named)).GetProperty("name").GetString());
        var onlyCapital = await server.Client.GetAsync("/ccp/task/feed/100000?Name=n&title=T");
        Assert.Equal(HttpStatusCode.BadRequest, onlyCapital.StatusCode);
        Assert.Equal("name", XElement.Parse(await onlyCapital.Content.ReadAsStringAsync()).Element("apiError")!.Element("errorData")!.Value);

        // Two ECC variables whose names differ in case are two, each with its own value, as the XML form keeps them.
        var variables = await server.Client.GetAsync("/ccp/task/feed/100000?name=n&title=T&variable_user_A=1&variable_user_a=2&variable_user_a=3");
        Assert.Equal(HttpStatusCode.Created, variables.StatusCode);
        var ecc = (await TaskOf(server, variables)).GetProperty("eccVariables");
        Assert.Equal([("A", "1"), ("a", "2")], ecc.EnumerateObject().Select(p => (p.Name, p.Value.GetString())).OrderBy(p => p.Name, StringComparer.Ordinal));

        // Percent-encoded names and values are decoded before they are compared; '+' is a space.
        var encoded = await server.Client.GetAsync("/ccp/task/feed/100000?%6Eame=Jos%C3%A9+M&title=a%26b&variable_user_x%3Dy=1");
        Assert.Equal(HttpStatusCode.Created, encoded.StatusCode);
        var task = await TaskOf(server, encoded);
        Assert.Equal(("José M", "a&b", "1"), (task.GetProperty("name").GetString(), task.GetProperty("title").GetString(), task.GetProperty("eccVariables").GetProperty("x=y").GetString()));
    }

    [Fact]
    public async Task A_servlet_session_in_the_path_is_ignored_as_a_servlet_container_does()
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.Client.PostAsync("/ccp/task/feed/100000;jsessionid=ABC123", TaskXml(SeedTask));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var contact = await server.Client.GetAsync(response.Headers.Location + ";jsessionid=ABC123");
        Assert.Equal(HttpStatusCode.OK, contact.StatusCode);
    }

    [Fact]
    public async Task An_http_1_0_request_without_host_gets_a_contact_url_naming_the_address_it_came_in_on()
    {
        await using var server = await TestServer.StartAsync();
        var address = server.Client.BaseAddress!;
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var stream = tcp.GetStream();
        var body = "<Task><name>n</name><title>t</title></Task>";
        var request = $"POST /ccp/task/feed/100000 HTTP/1.0\r\nContent-Type: application/xml\r\nContent-Length: {body.Length}\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var answer = await new StreamReader(stream, Encoding.ASCII).ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 201", answer, StringComparison.Ordinal);
        var location = answer.Split("\r\n").Single(l => l.StartsWith("Location: ", StringComparison.Ordinal))["Location: ".Length..];
        Assert.Matches($"^http://127.0.0.1:{address.Port}/ccp/task/contact/[0-9a-f]{{32}}$", location);
        Assert.Equal("queued", (await Contact(server, new Uri(location))).Element("status")!.Value);
    }

    [Fact]
    public async Task A_cancel_of_an_unknown_contact_names_it_as_a_poll_does_in_the_contact_urls_form()
    {
        await using var server = await TestServer.StartAsync();
        var id = Guid.NewGuid();
        foreach (var given in new[] { id.ToString("N"), id.ToString("D") })
        {
            var poll = await server.Client.GetAsync($"/ccp/task/contact/{given}");
            var cancel = await server.Client.DeleteAsync($"/ccp/task/contact/{given}");
            Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (poll.StatusCode, cancel.StatusCode));
            var said = await Task.WhenAll(new[] { poll, cancel }.Select(async r => XElement.Parse(await r.Content.ReadAsStringAsync()).Element("apiError")!.Element("errorMessage")!.Value));
            Assert.Equal([$"no contact {id:N}", $"no contact {id:N}"], said);
        }
        // A contact that cannot be cancelled now is named the same way.
        var location = (await server.Client.PostAsync("/ccp/task/feed/100000", TaskXml(SeedTask))).Headers.Location!;
        Assert.Equal(HttpStatusCode.OK, (await server.Client.DeleteAsync(location)).StatusCode);
        var again = await server.Client.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.StartsWith($"contact {location.Segments[^1]} ", XElement.Parse(await again.Content.ReadAsStringAsync()).Element("apiError")!.Element("errorMessage")!.Value, StringComparison.Ordinal);
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
    public async Task An_unknown_script_selector_leaves_the_contact_discarded_with_ccps_invalid_script_selector_reason()
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.Client.PostAsync("/ccp/task/feed/100000", TaskXml("<Task><name>n</name><title>t</title><scriptSelector>NoSuchDN</scriptSelector></Task>"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var contact = await Contact(server, response.Headers.Location!);
        Assert.Equal(("discarded", "NOTIFICATION_INVALID_SCRIPT_SELECTOR"), (contact.Element("status")!.Value, contact.Element("statusReason")!.Value));
        // The JSON API keeps the flow's own words for it.
        var json = await server.Client.GetStringAsync($"/api/v1/tasks/{Guid.ParseExact(response.Headers.Location!.Segments[^1], "N"):D}");
        Assert.Contains("no script selector 'NoSuchDN'", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retried_submit_with_the_same_idempotency_key_returns_the_first_task_and_says_so()
    {
        await using var server = await TestServer.StartAsync();
        async Task<HttpResponseMessage> Post()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/ccp/task/feed/100000") { Content = TaskXml(SeedTask) };
            request.Headers.Add("Idempotency-Key", "order-1234");
            return await server.Client.SendAsync(request);
        }
        var first = await Post();
        var retry = await Post();
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(["true"], retry.Headers.GetValues("Idempotent-Replayed"));
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
