using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Taskroute.Server.Api.Ccp;

namespace Taskroute.Server.Api;

/// <summary>
/// Says in words what ASP.NET's parameter binding refused (a query value that is not a number, a
/// required one left out), which it reports in C# terms (<c>Failed to bind parameter "int? page"
/// from "abc".</c>): the client needs the parameter's name and what it takes, not a type name.
/// </summary>
internal static partial class BindingProblem
{
    /// <summary>
    /// Answers a request Kestrel or binding refused (a body sent too slowly or too large, a query
    /// value binding refused): the client's fault, with its status and why, in the API's own error
    /// shape. False when <paramref name="failure"/> is something else.
    /// </summary>
    public static async Task<bool> TryWriteAsync(HttpContext context, Exception? failure)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (failure is not BadHttpRequestException bad) return false;
        var detail = Describe(bad.Message);
        if (CcpErrorPages.Owns(context.Request))
        {
            await CcpErrorPages.WriteAsync(context, bad.StatusCode, new ApiError("request", detail));
            return true;
        }
        context.Response.StatusCode = bad.StatusCode;
        await context.Response.WriteAsJsonAsync(new { title = "bad request", detail, status = bad.StatusCode }, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
        return true;
    }

    public static string Describe(string message)
    {
        if (FailedToBind().Match(message) is { Success: true } failed)
            return $"{failed.Groups["name"].Value}: '{ApiText.Clip(failed.Groups["value"].Value)}' is not {Expected(failed.Groups["type"].Value)}";
        if (NotProvided().Match(message) is { Success: true } missing)
            return $"{missing.Groups["name"].Value}: required";
        return message;
    }

    // C# names it int?, or Nullable<int> as the message writes it.
    private static string Expected(string type) => (type.StartsWith("Nullable<", StringComparison.Ordinal) ? type[9..^1] : type.TrimEnd('?')) switch
    {
        "int" or "long" or "short" => "a whole number (within range)",
        "bool" => "true or false",
        "Guid" => "an id (a GUID)",
        "DateTimeOffset" or "DateTime" => "a date and time (ISO 8601)",
        "double" or "decimal" or "float" => "a number",
        _ => "a value it takes",
    };

    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^ \"]+) (?<name>[^\"]+)\" from \"(?<value>.*)\"\\.?$", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex("^Required parameter \"(?<type>[^ \"]+) (?<name>[^\"]+)\" was not provided", RegexOptions.Singleline)]
    private static partial Regex NotProvided();
}
