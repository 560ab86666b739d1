using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Taskroute.Server.Tests;

/// <summary>Task bodies a careless or hostile client sends, in both task APIs: each gets a 4xx naming what is wrong, or is read as its author meant.</summary>
public class SubmitBodyTests
{
    private static async Task<(HttpStatusCode Status, string Body)> PostXml(TestServer server, string feed, byte[] body, string contentType, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ccp/task/feed/" + feed) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        using var response = await server.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_deeply_nested_body_is_refused_before_it_is_built()
    {
        await using var server = await TestServer.StartAsync();
        var deep = "<Task><name>A</name><title>T</title>" + string.Concat(Enumerable.Repeat("<x>", 30_000)) + string.Concat(Enumerable.Repeat("</x>", 30_000)) + "</Task>";
        var (status, body) = await PostXml(server, "100000", Encoding.UTF8.GetBytes(deep), "application/xml");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("nest more than 32 deep", body, StringComparison.Ordinal);
        // Extension elements a few levels deep are still let through, as CCP does.
        var (ok, _) = await PostXml(server, "100000", Encoding.UTF8.GetBytes("<Task><name>A</name><title>T</title><extra><a><b><c>1</c></b></a></extra></Task>"), "application/xml");
        Assert.Equal(HttpStatusCode.Created, ok);
    }

    [Fact]
    public async Task A_task_in_a_namespace_is_read_whole_variables_too()
    {
        await using var server = await TestServer.StartAsync();
        var xml = """<Task xmlns="urn:example:task"><name>Ann</name><title>T</title><variables><variable><name>cv_1</name><value>gold</value></variable></variables></Task>""";
        using var created = await server.Client.PostAsync("/ccp/task/feed/100000", new StringContent(xml, Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var task = await server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{Guid.ParseExact(created.Headers.Location!.Segments[^1], "N"):D}");
        Assert.Equal("gold", task.GetProperty("callVariables").GetProperty("1").GetString());
    }

    [Fact]
    public async Task A_byte_its_charset_cannot_read_is_refused_not_stored_as_a_question_mark()
    {
        await using var server = await TestServer.StartAsync();
        var body = Encoding.UTF8.GetBytes("<Task><name>Zoë Müller</name><title>T</title></Task>");
        var (status, answer) = await PostXml(server, "100000", body, "text/xml; charset=us-ascii");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("the body is not valid us-ascii", XElement.Parse(answer).Descendants("errorMessage").Single().Value);
        // Latin-1 reads every byte: the same bytes are two characters each, as that charset says.
        Assert.Equal(HttpStatusCode.Created, (await PostXml(server, "100000", body, "text/xml; charset=iso-8859-1")).Status);
    }

    [Fact]
    public async Task A_keyed_feed_refuses_a_client_without_its_key_before_reading_the_body()
    {
        var lab = Taskroute.Core.Lab.LabConfiguration.Create();
        var keyed = LabVariant.With(feed: f => f.Id != 100000 ? f : new Taskroute.Core.Configuration.TaskFeed { Id = f.Id, Name = f.Name, DefaultScriptSelector = f.DefaultScriptSelector, ApiKey = "s3cret" });
        await using var server = await TestServer.StartAsync(configuration: keyed);
        var (status, body) = await PostXml(server, "100000", Encoding.UTF8.GetBytes("<Task><name>unclosed"), "application/xml");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("X-Api-Key", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostXml(server, "100000", Encoding.UTF8.GetBytes("<Task><name>unclosed"), "application/xml", "s3cret")).Status);
        // The GET form too: its query is not read for a client without the key.
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync("/ccp/task/feed/100000?requeueOnRecovery=maybe")).StatusCode);
    }

    [Fact]
    public async Task A_json_null_among_the_tags_is_400_naming_the_tags()
    {
        await using var server = await TestServer.StartAsync();
        using var response = await server.Client.PostAsync("/api/v1/tasks", new StringContent("""{"name":"a","title":"t","tags":["vip",null]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("tag 2 is null; a tag is text", problem.GetProperty("errors").GetProperty("tags")[0].GetString());
    }

    [Fact]
    public async Task A_json_null_variable_value_is_left_out_as_a_call_variables_is()
    {
        await using var server = await TestServer.StartAsync();
        using var response = await server.Client.PostAsync("/api/v1/tasks", new StringContent("""{"name":"a","title":"t","eccVariables":{"x":null,"y":"1"},"callVariables":{"1":null}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var task = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("""{"y":"1"}""", task.GetProperty("eccVariables").GetRawText());
    }

    [Fact]
    public async Task An_ecc_variable_name_xml_cannot_carry_is_named_as_the_variables_in_each_apis_terms()
    {
        await using var server = await TestServer.StartAsync();
        using var json = await server.Client.PostAsync("/api/v1/tasks", new StringContent("""{"name":"a","title":"t","eccVariables":{"x\u0001y":"v"}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        var errors = (await json.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["eccVariables"], errors.EnumerateObject().Select(e => e.Name));
        Assert.Contains("U+0001", errors.GetProperty("eccVariables")[0].GetString(), StringComparison.Ordinal);

        using var query = await server.Client.GetAsync("/ccp/task/feed/100000?name=n&title=t&variable_user_a%01b=1");
        Assert.Equal(HttpStatusCode.BadRequest, query.StatusCode);
        var error = XElement.Parse(await query.Content.ReadAsStringAsync()).Element("apiError")!;
        Assert.Equal("variables", error.Element("errorData")!.Value);
        Assert.Contains("U+0001", error.Element("errorMessage")!.Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cv_+1")]
    [InlineData("cv_01")]
    [InlineData("cv_ 1")]
    [InlineData("cv_1 0")]
    [InlineData("cv_010")]
    [InlineData("cv_-1")]
    public async Task A_call_variable_named_other_than_cv_1_to_cv_10_exactly_is_refused_naming_it(string name)
    {
        await using var server = await TestServer.StartAsync();
        var (status, body) = await PostXml(server, "100000", Encoding.UTF8.GetBytes($"<Task><name>n</name><title>t</title><variables><variable><name>{name}</name><value>x</value></variable></variables></Task>"), "application/xml");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = XElement.Parse(body).Element("apiError")!;
        Assert.Equal("variables", error.Element("errorData")!.Value);
        Assert.Contains($"'{name}'", error.Element("errorMessage")!.Value, StringComparison.Ordinal);

        using var query = await server.Client.GetAsync("/ccp/task/feed/100000?name=n&title=t&variable_" + Uri.EscapeDataString(name) + "=x");
        Assert.Equal(HttpStatusCode.BadRequest, query.StatusCode);
        Assert.Equal("variables", XElement.Parse(await query.Content.ReadAsStringAsync()).Element("apiError")!.Element("errorData")!.Value);
    }

    [Fact]
    public async Task A_json_body_after_a_utf8_byte_order_mark_is_read_as_without_it()
    {
        await using var server = await TestServer.StartAsync();
        static ByteArrayContent WithMark(string json)
        {
            var content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(json)]);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return content;
        }
        using var created = await server.Client.PostAsync("/api/v1/tasks", WithMark("""{"name":"a","title":"b"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("a", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        // The agent API reads its bodies the same way.
        using var signIn = new HttpRequestMessage(HttpMethod.Put, "/api/v1/agents/1080/media/5011") { Content = WithMark("""{"state":"LOGIN"}""") };
        signIn.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("1080:lab")));
        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(signIn)).StatusCode);
        // Only one mark, and only at the start: a second is not JSON.
        using var twice = await server.Client.PostAsync("/api/v1/tasks", WithMark("\uFEFF{\"name\":\"a\",\"title\":\"b\"}"));
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/tasks", "POST", """{"name":"a","title":"b","priority":"5"}""", "$.priority")]
    [InlineData("/api/v1/tasks", "POST", """{"name":"a","title":"b","feedId":"100000"}""", "$.feedId")]
    [InlineData("/api/v1/tasks", "POST", """{"name":"a","title":"b","preferredAgentId":"1080"}""", "$.preferredAgentId")]
    [InlineData("/api/v1/agents/1080/media/5011", "PUT", """{"state":"NOT_READY","reasonCode":"2"}""", "$.reasonCode")]
    [InlineData("/api/v1/agents/1080/media/5011", "PUT", """{"state":"LOGIN","maxDialogLimit":"2"}""", "$.maxDialogLimit")]
    [InlineData("/api/v1/dialogs/1_2_3", "PUT", """{"action":"CLOSE","disposition":"38"}""", "$.disposition")]
    public async Task A_number_sent_as_a_string_is_400_as_a_boolean_sent_as_a_string_is(string path, string method, string body, string field)
    {
        await using var server = await TestServer.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("1080:lab")));
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"{field} has a value of the wrong type: a whole number of at most ±2,147,483,647 is expected", problem.GetProperty("errors").GetProperty("body")[0].GetString());
    }

    [Theory]
    [InlineData("""{"name":"a","title":"t",}""", "not valid JSON: The JSON object contains a trailing comma at the end which JSON does not allow (line 1, byte 25)")]
    [InlineData("""{"name":"a","title":"t"} x""", "not valid JSON: 'x' is invalid after a single JSON value. Expected end of data (line 1, byte 26)")]
    [InlineData("", "not valid JSON: The input does not contain any JSON tokens. a JSON object is required (line 1, byte 1)")]
    [InlineData("""{"name":"\ud800","title":"t"}""", "$.name is not valid text: it holds half of a UTF-16 surrogate pair (\\ud800 to \\udfff alone), which stands for no character")]
    [InlineData("""{"name":"a","title":"t","tags":"x"}""", "$.tags has a value of the wrong type: an array is expected")]
    [InlineData("""{"name":"a","title":"t","requeueOnRecovery":1}""", "$.requeueOnRecovery has a value of the wrong type: true or false is expected")]
    public async Task A_body_that_cannot_be_read_is_said_in_jsons_terms_not_the_readers(string body, string said)
    {
        await using var server = await TestServer.StartAsync();
        using var response = await server.Client.PostAsync("/api/v1/tasks", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(said, problem.GetProperty("errors").GetProperty("body")[0].GetString());
    }

    [Fact]
    public async Task A_length_counted_as_ccp_counts_it_says_so_when_emoji_count_two_and_unicodes_line_breaks_are_refused_in_a_name()
    {
        await using var server = await TestServer.StartAsync();
        async Task<(HttpStatusCode, string)> Submit(object task)
        {
            using var response = await server.Client.PostAsJsonAsync("/api/v1/tasks", task);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        var emoji = "\U0001F600";
        Assert.Equal(HttpStatusCode.Created, (await Submit(new { name = string.Concat(Enumerable.Repeat(emoji, 50)), title = "t" })).Item1);

        var (status, body) = await Submit(new { name = string.Concat(Enumerable.Repeat(emoji, 51)), title = "t" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("at most 100 characters (got 102); lengths are counted as CCP counts them, in UTF-16 code units", body, StringComparison.Ordinal);
        (status, body) = await Submit(new { name = "n", title = "t", callVariables = new Dictionary<string, string> { ["3"] = string.Concat(Enumerable.Repeat(emoji, 21)) } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("UTF-16 code units", body, StringComparison.Ordinal);
        // Plain text too long is told only the count.
        (status, body) = await Submit(new { name = new string('a', 101), title = "t" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.DoesNotContain("UTF-16", body, StringComparison.Ordinal);

        foreach (var line in new[] { "\u0085", "\u2028", "\u2029" })
        {
            (status, body) = await Submit(new { name = "Ann" + line + "Smith", title = "t" });
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains("must not contain a line break", body, StringComparison.Ordinal);
        }
    }
}
