namespace Taskroute.Server.Api;

/// <summary>How an error message quotes what a client sent: enough to recognise it, never all of a long value.</summary>
internal static class ApiText
{
    public static string Clip(string text, int max = 40) => text.Length <= max ? text : text[..max] + "...";
}
