using System.Text;

namespace Taskroute.Server.Tests.Fuzz;

/// <summary>
/// Malformed and hostile variations of a valid request body, from a seed: byte flips, cuts, huge
/// fields, deep nesting, XML entities and external references, invalid UTF-8, wrong types and
/// injection strings. The same seed gives the same inputs, so a failure reproduces.
/// </summary>
internal sealed class HostileInput(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Injections =
    [
        "'; DROP TABLE journal; --", "\" OR 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "{{7*7}}",
        "../../../../etc/passwd", "%00", "\u0000", "\r\nSet-Cookie: x=y", "𝕏💥\uFFFF", new string('A', 5000), "-1", "9999999999999999999999",
    ];

    public byte[] Xml(string valid)
    {
        return _random.Next(10) switch
        {
            0 => Flip(Encoding.UTF8.GetBytes(valid)),
            1 => Cut(Encoding.UTF8.GetBytes(valid)),
            2 => Encoding.UTF8.GetBytes("<!DOCTYPE Task [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + valid.Replace("<name>", "<name>&x;", StringComparison.Ordinal)),
            3 => Encoding.UTF8.GetBytes("<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]><Task><name>&c;</name><title>t</title></Task>"),
            4 => Encoding.UTF8.GetBytes("<Task>" + string.Concat(Enumerable.Repeat("<a>", _random.Next(100, 5000))) + "</Task>"),
            5 => Encoding.UTF8.GetBytes(valid.Replace("Ann", new string('N', _random.Next(101, 300_000)), StringComparison.Ordinal)),
            6 => [.. Encoding.UTF8.GetBytes("<Task><name>"), 0xC3, 0x28, 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("</name><title>t</title></Task>")],
            7 => Encoding.UTF8.GetBytes(valid.Replace("Ann", Escape(Pick(Injections)), StringComparison.Ordinal)),
            8 => Encoding.UTF8.GetBytes(valid.Replace("cv_1", Pick(["cv_0", "cv_11", "cv_", "user_", "", "cv_1 ", "CV_1"]), StringComparison.Ordinal)),
            _ => Random(_random.Next(0, 2000)),
        };
    }

    public byte[] Json(string valid)
    {
        return _random.Next(11) switch
        {
            0 => Flip(Encoding.UTF8.GetBytes(valid)),
            1 => Cut(Encoding.UTF8.GetBytes(valid)),
            2 => Encoding.UTF8.GetBytes(valid.Replace("\"Ann\"", Pick(["5", "null", "[]", "{}", "true", "1e999", "\"\""]), StringComparison.Ordinal)),
            3 => Encoding.UTF8.GetBytes(valid.Replace("\"gold\"", Pick(["5", "[1,2]", "{\"a\":1}", "null"]), StringComparison.Ordinal)),
            4 => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("[", _random.Next(10, 20_000))) + string.Concat(Enumerable.Repeat("]", 5))),
            5 => Encoding.UTF8.GetBytes(valid.Replace("Ann", new string('N', _random.Next(101, 300_000)), StringComparison.Ordinal)),
            6 => [.. Encoding.UTF8.GetBytes("{\"name\":\""), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes("\",\"title\":\"t\"}")],
            7 => Encoding.UTF8.GetBytes(valid.Replace("Ann", JsonEscape(Pick(Injections)), StringComparison.Ordinal)),
            8 => Encoding.UTF8.GetBytes(valid.Replace("\"priority\":5", Pick(["\"priority\":-1", "\"priority\":11", "\"priority\":\"high\"", "\"priority\":2147483648", "\"priority\":1.5"]), StringComparison.Ordinal)),
            9 => Encoding.UTF8.GetBytes(valid.Replace("\"1\":", Pick(["\"0\":", "\"11\":", "\"x\":", "\"-1\":", "\"\":"]), StringComparison.Ordinal)),
            _ => Random(_random.Next(0, 2000)),
        };
    }

    public string Text(IReadOnlyList<string> valid) => _random.Next(3) switch
    {
        0 => Pick(valid),
        1 => Pick(Injections),
        _ => new string((char)_random.Next(1, 0xD7FF), _random.Next(0, 300)),
    };

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public int Next(int max) => _random.Next(max);

    private byte[] Flip(byte[] bytes)
    {
        for (var i = _random.Next(1, 8); i > 0 && bytes.Length > 0; i--) bytes[_random.Next(bytes.Length)] = (byte)_random.Next(256);
        return bytes;
    }

    private byte[] Cut(byte[] bytes) => bytes[..(bytes.Length == 0 ? 0 : _random.Next(bytes.Length))];

    private byte[] Random(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text);

    private static string JsonEscape(string text) => System.Text.Json.JsonSerializer.Serialize(text)[1..^1];
}
