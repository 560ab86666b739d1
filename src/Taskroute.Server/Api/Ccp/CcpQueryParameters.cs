using System.Net;

namespace Taskroute.Server.Api.Ccp;

/// <summary>
/// The GET form's parameters as a servlet's <c>getParameter</c> reads them: by name, case-sensitively
/// (<c>Name</c> is not <c>name</c>), a name given twice by its first value. ASP.NET's
/// <c>Request.Query</c> folds case, which would let <c>Name=</c> stand for <c>name=</c> and merge
/// <c>variable_user_A</c> and <c>variable_user_a</c>, two ECC variables, into one.
/// </summary>
public sealed class CcpQueryParameters
{
    private readonly List<KeyValuePair<string, string>> _pairs;

    private CcpQueryParameters(List<KeyValuePair<string, string>> pairs) => _pairs = pairs;

    /// <summary>
    /// Every <c>name=value</c> of <paramref name="rawQuery"/> (as received, still encoded), in order,
    /// '+' and %XX undone as ASP.NET undoes them; an escape that is not one is kept as typed.
    /// </summary>
    public static CcpQueryParameters Parse(string? rawQuery)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(rawQuery)) return new(pairs);
        foreach (var pair in (rawQuery[0] == '?' ? rawQuery[1..] : rawQuery).Split('&'))
        {
            if (pair.Length == 0) continue;
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            if (name.Length == 0) continue;
            pairs.Add(new(name, equals < 0 ? "" : Decode(pair[(equals + 1)..])));
        }
        return new(pairs);
    }

    /// <summary>The first value of the parameter named exactly <paramref name="name"/>; null when it is not given.</summary>
    public string? First(string name)
    {
        foreach (var (key, value) in _pairs) if (key == name) return value;
        return null;
    }

    /// <summary>Every value of the parameter named exactly <paramref name="name"/>, in order.</summary>
    public IEnumerable<string> All(string name) => _pairs.Where(p => p.Key == name).Select(p => p.Value);

    /// <summary>Each parameter name once, in the order first given, with its first value.</summary>
    public IEnumerable<KeyValuePair<string, string>> Distinct()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in _pairs) if (seen.Add(pair.Key)) yield return pair;
    }

    // CcpQueryEncoding has already refused bytes that are not UTF-8, so nothing is replaced here.
    private static string Decode(string encoded) => WebUtility.UrlDecode(encoded);
}
