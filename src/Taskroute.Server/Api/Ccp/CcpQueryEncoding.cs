using System.Net;
using System.Text;
using System.Text.Unicode;

namespace Taskroute.Server.Api.Ccp;

/// <summary>
/// Cisco's GET form carries its values as percent-encoded UTF-8. A client that encodes another
/// character set (Latin-1's <c>%E9</c> for é) sends bytes that are not UTF-8, which ASP.NET's query
/// reader leaves as typed: the task would be stored named <c>Jos%E9</c>. Refused instead, naming
/// the parameter, so the client learns to send <c>%C3%A9</c>; so is a % that starts no escape.
/// </summary>
public static class CcpQueryEncoding
{
    /// <summary>The first parameter of <paramref name="rawQuery"/> (as received, still encoded) that is not percent-encoded UTF-8; null when all are.</summary>
    public static ApiError? Check(string? rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery) || !rawQuery.Contains('%')) return null;
        foreach (var pair in rawQuery.TrimStart('?').Split('&'))
        {
            if (!pair.Contains('%')) continue;
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            // A % that starts no escape (%zz, a trailing %2) is left as typed by the query reader: the
            // task would be named "%zz". The client meant something else, or a % itself (%25).
            if (!Escapes(pair))
                return new ApiError(Latin1(equals < 0 ? pair : pair[..equals]), $"'{ApiText.Clip(pair)}' has a % not followed by two hex digits: each byte is %XX, and a % itself is %25");
            if (Utf8.IsValid(Decoded(pair))) continue;
            var name = Latin1(equals < 0 ? pair : pair[..equals]);
            return new ApiError(name, $"'{ApiText.Clip(pair)}' is not percent-encoded UTF-8: the GET form's values are UTF-8 bytes, each byte as %XX (é is %C3%A9)");
        }
        return null;
    }

    // Whether every % of the part starts an escape, %XX.
    private static bool Escapes(string encoded)
    {
        for (var i = encoded.IndexOf('%', StringComparison.Ordinal); i >= 0; i = encoded.IndexOf('%', i + 1))
            if (i + 2 >= encoded.Length || !char.IsAsciiHexDigit(encoded[i + 1]) || !char.IsAsciiHexDigit(encoded[i + 2])) return false;
        return true;
    }

    // A parameter name is ASCII in every real client; whatever else it holds is shown byte for byte.
    private static string Latin1(string encodedName) => Encoding.Latin1.GetString(Decoded(encodedName));

    // The bytes a part of the query stands for, %XX and '+' undone.
    private static byte[] Decoded(string encoded)
    {
        var raw = Encoding.UTF8.GetBytes(encoded);
        return WebUtility.UrlDecodeToBytes(raw, 0, raw.Length);
    }
}
