namespace Taskroute.Server.Accounts;

/// <summary>
/// How a log line quotes what a client chose (a user name from a Basic header, which may hold a line
/// break): on one line, and short, so that it can neither forge a line of its own nor fill the log.
/// </summary>
internal static class LogText
{
    public static string Printable(string text, int max = 64)
    {
        var clipped = text.Length <= max ? text : text[..max] + "...";
        return string.Create(clipped.Length, clipped, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++) span[i] = char.IsControl(source[i]) ? '?' : source[i];
        });
    }
}
