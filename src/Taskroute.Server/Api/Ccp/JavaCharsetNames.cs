using System.Text;
using System.Text.RegularExpressions;

namespace Taskroute.Server.Api.Ccp;

/// <summary>
/// The charset names Java gives its encodings (<c>UTF8</c>, <c>ISO8859_1</c>, <c>MS932</c>,
/// <c>EUC_JP</c>, ...) that .NET does not know by those names. CCP is a Java server: a client written
/// against it may name a charset as Java's <c>String.getBytes</c> or <c>Charset.forName</c> takes it,
/// and CCP reads the body.
/// </summary>
internal static partial class JavaCharsetNames
{
    // Java's canonical names and aliases (its Supported Encodings list) that no rule below covers,
    // by the .NET name or code page of the same encoding.
    private static readonly Dictionary<string, object> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UTF8"] = "utf-8",
        ["UTF_8"] = "utf-8",
        ["UTF16"] = "utf-16",
        ["UTF_16"] = "utf-16",
        // Java's UTF-16 names that say the byte order; the "marked" ones (UnicodeBig, UnicodeLittle)
        // write a byte order mark, which a reader takes either way.
        ["UnicodeBigUnmarked"] = "utf-16BE",
        ["UnicodeBig"] = "utf-16BE",
        ["UTF_16BE"] = "utf-16BE",
        ["X-UTF-16BE"] = "utf-16BE",
        ["ISO-10646-UCS-2"] = "utf-16BE",
        ["UnicodeLittleUnmarked"] = "utf-16LE",
        ["UnicodeLittle"] = "utf-16LE",
        ["UTF_16LE"] = "utf-16LE",
        ["X-UTF-16LE"] = "utf-16LE",
        ["x-UTF-16LE-BOM"] = "utf-16LE",
        ["UTF32"] = "utf-32",
        ["UTF_32"] = "utf-32",
        ["UTF_32BE"] = "utf-32BE",
        ["X-UTF-32BE"] = "utf-32BE",
        ["UTF_32LE"] = "utf-32LE",
        ["X-UTF-32LE"] = "utf-32LE",
        ["ASCII7"] = "us-ascii",
        ["646"] = "us-ascii",
        ["windows-31j"] = 932,
        ["csWindows31J"] = 932,
        ["EUC_JP"] = "euc-jp",
        ["eucjp"] = "euc-jp",
        ["eucjis"] = "euc-jp",
        ["x-eucjp"] = "euc-jp",
        ["EUC_KR"] = "euc-kr",
        ["euckr"] = "euc-kr",
        ["ksc5601"] = "euc-kr",
        ["ksc5601-1987"] = "euc-kr",
        ["ksc5601_1987"] = "euc-kr",
        ["ksc_5601"] = "euc-kr",
        ["5601"] = "euc-kr",
        ["ms_949"] = 949,
        ["windows949"] = 949,
        ["EUC_CN"] = "gb2312",
        ["euccn"] = "gb2312",
        ["x-EUC-CN"] = "gb2312",
        ["gb2312-1980"] = "gb2312",
        ["gb18030-2000"] = "gb18030",
        ["ISO2022JP"] = "iso-2022-jp",
        ["jis"] = "iso-2022-jp",
        ["jis_encoding"] = "iso-2022-jp",
        ["csjisencoding"] = "iso-2022-jp",
        ["KOI8_R"] = "koi8-r",
        ["koi8"] = "koi8-r",
        ["TIS620"] = 874,
        ["tis620.2533"] = 874,
        ["ms-874"] = 874,
    };

    // ISO8859_1, 8859_1, iso_8859_1, ISO8859-15: the ISO 8859 parts under Java's spellings.
    [GeneratedRegex("^(?:iso[-_]?)?8859[-_]?([0-9]{1,2})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Iso8859();

    // Cp1252, MS932, MS936, windows-949, x-windows-874, IBM-437: a code page by its number.
    [GeneratedRegex("^(?:cp|ms|ibm-?|windows-?|x-windows-)([0-9]{3,5})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CodePage();

    /// <summary>The encoding Java knows by <paramref name="name"/>, when this runtime has it; null otherwise.</summary>
    public static Encoding? Find(string name)
    {
        try
        {
            if (Named.TryGetValue(name, out var known))
                return known is int number ? Encoding.GetEncoding(number) : Encoding.GetEncoding((string)known);
            if (Iso8859().Match(name) is { Success: true } iso) return Encoding.GetEncoding("iso-8859-" + iso.Groups[1].Value);
            if (CodePage().Match(name) is { Success: true } page) return Encoding.GetEncoding(int.Parse(page.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
        // A code page this runtime does not have (or will not read, as UTF-7's) is as unknown as a name.
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
        }
        return null;
    }
}
