using System.Runtime.CompilerServices;
using Taskroute.Core.Flow;

namespace Taskroute.Analyzer;

/// <summary>
/// The contact's status as a CCP line gives it: Taskroute's <c>Status=handled</c>, CCP's eventing
/// <c>[status=queued]</c> and <c>status=discarded</c>, the SocialContact it publishes
/// (<c>&lt;status&gt;handled&lt;/status&gt;</c>), the REST API's <c>status changed from reserved to
/// handled</c> and the datastore's <c>status=unread from datastore</c>.
/// </summary>
internal static class CcpStatus
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ContactStatus Of(ReadOnlySpan<char> rest)
    {
        // Taskroute's own lines: a value that runs to the line's end may have been cut.
        var own = MessageRoutes.Status(Fields.Word(rest, "Status=", out var atEnd));
        if (own != ContactStatus.None && !atEnd) return own;
        // The new status of a change is the one after "to", not the one it left.
        var changed = rest.IndexOf("status changed from ", StringComparison.OrdinalIgnoreCase);
        if (changed >= 0)
        {
            var to = rest[changed..].IndexOf(" to ", StringComparison.Ordinal);
            if (to >= 0) return Word(rest[(changed + to + 4)..]);
        }
        var tag = rest.IndexOf("<status>", StringComparison.OrdinalIgnoreCase);
        if (tag >= 0)
        {
            var value = rest[(tag + 8)..];
            var close = value.IndexOf("</status>", StringComparison.OrdinalIgnoreCase);
            // The closing tag is what shows the value whole.
            return close > 0 ? MessageRoutes.Status(value[..close]) : ContactStatus.None;
        }
        var key = rest.IndexOf("status=", StringComparison.Ordinal);
        return key >= 0 ? Word(rest[(key + 7)..]) : ContactStatus.None;
    }

    // A status named in a sentence: its letters, whole (a word cut at the line's end names no status).
    private static ContactStatus Word(ReadOnlySpan<char> text)
    {
        var length = 0;
        while (length < text.Length && char.IsAsciiLetter(text[length])) length++;
        return MessageRoutes.Status(text[..length]);
    }
}
