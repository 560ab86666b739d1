using System.Text;
using Microsoft.Net.Http.Headers;

namespace Taskroute.Server.Api.Ccp;

/// <summary>The charset a Task API client names in its Content-Type, for bodies not in UTF-8.</summary>
internal static class CcpCharset
{
    static CcpCharset()
    {
        // Windows clients name their code pages (windows-1252 and the like), which .NET has only
        // through this provider.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>The encoding named (by its IANA or .NET name, or by Java's), null when none is named; false (with the name) when it names one this runtime does not have.</summary>
    public static bool TryRead(string? contentType, out Encoding? charset, out string? unknown)
    {
        charset = null;
        unknown = null;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.Charset.HasValue) return true;
        var name = media.Charset.Value!.Trim('"', ' ');
        if (name.Length == 0) return true;
        try
        {
            charset = Encoding.GetEncoding(name);
            return true;
        }
        // An encoding the runtime names but cannot read (utf-7) is as unknown to the client as one it never heard of.
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            charset = JavaCharsetNames.Find(name);
            if (charset is not null) return true;
            unknown = name;
            return false;
        }
    }
}
