using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Taskroute.Server.Tests;

/// <summary>
/// The OpenAPI document held against real answers, as a contract reviewer's validator holds it: the
/// status and content type must be declared, every field the body has must be named by the declared
/// schema and be of its type (no JSON-schema validator is referenced: this checks the keywords the
/// document uses), and the headers a client reads must be declared for that status.
/// </summary>
internal sealed class OpenApiAnswers(JsonElement document)
{
    private static readonly string[] ReadHeaders = ["ETag", "Location", "Retry-After"];

    public JsonElement Document => document;

    public static async Task<OpenApiAnswers> ReadAsync(TestServer server) =>
        new(await server.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json"));

    public JsonElement Operation(string method, string path) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method.ToLowerInvariant());

    public JsonElement Response(string method, string path, int status) =>
        Operation(method, path).GetProperty("responses").GetProperty(status.ToString(CultureInfo.InvariantCulture));

    /// <summary>Asserts the answer is one the operation declares, and returns its body (not read for a stream).</summary>
    public async Task<string> AssertDeclaredAsync(string method, string path, HttpResponseMessage answer, bool stream = false)
    {
        var status = ((int)answer.StatusCode).ToString(CultureInfo.InvariantCulture);
        var responses = Operation(method, path).GetProperty("responses");
        Assert.True(responses.TryGetProperty(status, out var declared),
            $"{method} {path}: {status} is not declared (declared: {string.Join(", ", responses.EnumerateObject().Select(r => r.Name))})");
        foreach (var header in ReadHeaders.Where(h => answer.Headers.NonValidated.Contains(h) || answer.Content.Headers.NonValidated.Contains(h)))
            Assert.True(declared.TryGetProperty("headers", out var headers) && headers.TryGetProperty(header, out _), $"{method} {path} {status}: {header} is sent but not declared");
        var type = answer.Content.Headers.ContentType?.MediaType;
        var body = stream ? "" : await answer.Content.ReadAsStringAsync();
        if (type is null || (!stream && body.Length == 0)) return body;
        var media = declared.TryGetProperty("content", out var content) && content.TryGetProperty(type, out var found) ? found : default;
        Assert.True(media.ValueKind == JsonValueKind.Object, $"{method} {path} {status}: {type} is not declared");
        Assert.True(media.TryGetProperty("schema", out var schema), $"{method} {path} {status} {type}: no schema");
        if (type.EndsWith("json", StringComparison.Ordinal))
        {
            var problems = new List<string>();
            using var parsed = JsonDocument.Parse(body);
            Fits(parsed.RootElement, schema, "$", problems, names: true);
            Assert.True(problems.Count == 0, $"{method} {path} {status}: {string.Join("; ", problems.Take(12))}\n{body}");
        }
        return body;
    }

    private JsonElement Resolve(JsonElement schema)
    {
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }
        return schema;
    }

    // With names, every field must be named by the schema (as a reviewer asks); without, JSON
    // Schema's own rule holds (a field not named is allowed unless additionalProperties is false),
    // which is how a validator picks the one branch of a oneOf an answer matches.
    private void Fits(JsonElement value, JsonElement schema, string at, List<string> problems, bool names)
    {
        schema = Resolve(schema);
        if (schema.ValueKind != JsonValueKind.Object) return;
        foreach (var choice in new[] { "oneOf", "anyOf" })
        {
            if (!schema.TryGetProperty(choice, out var branches)) continue;
            var fitting = branches.EnumerateArray().Where(b => { var none = new List<string>(); Fits(value, b, at, none, names: false); return none.Count == 0; }).ToList();
            if (choice == "oneOf" ? fitting.Count != 1 : fitting.Count == 0) problems.Add($"{at}: fits {fitting.Count} of the {choice} branches");
            else Fits(value, fitting[0], at, problems, names);
            return;
        }
        if (schema.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            if (!types.Contains(TypeOf(value)) && !(TypeOf(value) == "integer" && types.Contains("number")))
            {
                problems.Add($"{at}: {TypeOf(value)} where {string.Join(" or ", types)} is declared");
                return;
            }
        }
        if (schema.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => v.GetRawText() == value.GetRawText()))
            problems.Add($"{at}: {value.GetRawText()} is not one of {values.GetRawText()}");
        if (value.ValueKind == JsonValueKind.Object)
        {
            if (schema.TryGetProperty("required", out var required))
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!).Where(n => !value.TryGetProperty(n, out _)))
                    problems.Add($"{at}.{name}: required, and missing");
            var properties = schema.TryGetProperty("properties", out var p) ? p : default;
            var others = schema.TryGetProperty("additionalProperties", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
            var closed = a.ValueKind == JsonValueKind.False;
            var patterns = schema.TryGetProperty("patternProperties", out var pp) ? pp : default;
            if (properties.ValueKind == JsonValueKind.Undefined && others.ValueKind == JsonValueKind.Undefined && patterns.ValueKind == JsonValueKind.Undefined && !schema.TryGetProperty("type", out _)) return;
            foreach (var field in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(field.Name, out var declared)) Fits(field.Value, declared, $"{at}.{field.Name}", problems, names);
                else if (others.ValueKind == JsonValueKind.Object) Fits(field.Value, others, $"{at}.{field.Name}", problems, names);
                else if ((names || closed) && (patterns.ValueKind != JsonValueKind.Object || !patterns.EnumerateObject().Any(x => System.Text.RegularExpressions.Regex.IsMatch(field.Name, x.Name))))
                    problems.Add($"{at}.{field.Name}: not named by the schema");
            }
        }
        else if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray()) Fits(item, items, $"{at}[{i++}]", problems, names);
        }
    }

    private static string TypeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
