namespace Taskroute.Server.Api;

/// <summary>
/// The <c>type</c> of problems whose status ASP.NET has no default for: every other problem the
/// APIs answer names the section of HTTP that defines its status, and a client branching on
/// <c>type</c> should not find these empty.
/// </summary>
internal static class ProblemTypes
{
    /// <summary>429 Too Many Requests is defined by RFC 6585, not by HTTP's own RFC 9110.</summary>
    public const string TooManyRequests = "https://tools.ietf.org/html/rfc6585#section-4";

    public static string? For(int status) => status == 429 ? TooManyRequests : null;
}
