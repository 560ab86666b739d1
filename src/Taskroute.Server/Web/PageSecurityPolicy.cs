using System.Security.Cryptography;
using System.Text;

namespace Taskroute.Server.Web;

/// <summary>
/// The Content-Security-Policy of one page: its own inline scripts, by hash, are the only scripts that
/// may run. The pages show what customers typed (a task's title, its variables); the pages escape it,
/// and should an escape ever be missed, markup slipped in still cannot run a script or an event
/// handler, load anything from elsewhere or send anything but to this server.
/// </summary>
public static class PageSecurityPolicy
{
    /// <summary>The policy for <paramref name="html"/>, naming the SHA-256 of each of its inline scripts.</summary>
    public static string For(string html)
    {
        var scripts = Hashes(html);
        // Styles stay open to inline use: the pages draw charts and legends with style attributes,
        // and a style cannot run anything.
        return "default-src 'none'; script-src" + (scripts.Length == 0 ? " 'none'" : scripts) +
            "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'" +
            "; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    }

    /// <summary>
    /// The policy for the API reference (<c>/api-docs</c>, Scalar's page), which renders the OpenAPI
    /// document's descriptions as HTML. Its inline script runs by hash, as the pages' do; Scalar's
    /// bundle is script files beside it on this server ('self'). Scalar reads the document from, and
    /// sends its test requests to, this server alone; its styles may carry fonts of their own.
    /// </summary>
    public static string ForApiReference(string html)
    {
        return "default-src 'none'; script-src 'self'" + Hashes(html) +
            "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'" +
            "; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    }

    // " 'sha256-...'" for each inline script.
    private static string Hashes(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var scripts = new StringBuilder();
        foreach (var script in InlineScripts(html))
            scripts.Append(" 'sha256-").Append(Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)))).Append('\'');
        return scripts.ToString();
    }

    /// <summary>The text of each <c>&lt;script&gt;</c> element without a <c>src</c>, exactly as the browser hashes it.</summary>
    public static IEnumerable<string> InlineScripts(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var at = 0;
        while ((at = html.IndexOf("<script", at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var open = html.IndexOf('>', at);
            if (open < 0) yield break;
            var close = html.IndexOf("</script", open, StringComparison.OrdinalIgnoreCase);
            if (close < 0) yield break;
            if (!html.AsSpan(at, open - at).Contains(" src", StringComparison.OrdinalIgnoreCase))
                yield return html[(open + 1)..close];
            at = close;
        }
    }
}
