using System.CommandLine;
using System.Text.RegularExpressions;

namespace Taskroute.Cli;

/// <summary>
/// What the command line could not read, said as every other refusal is: one line each, naming the
/// option and what it takes in words, then where the help is, and exit code 2. System.CommandLine's
/// own answer names .NET types (<c>System.Nullable`1[System.Int32]</c>), prints the whole help and
/// exits 1, which scripts could not tell from a failed run.
/// </summary>
internal static partial class ParseErrors
{
    public static int Report(ParseResult parse)
    {
        foreach (var error in parse.Errors) Console.Error.WriteLine("taskroute: " + Plain(error.Message));
        // Left over with --help, which clears the errors they made.
        if (parse.Errors.Count == 0)
            foreach (var token in parse.UnmatchedTokens) Console.Error.WriteLine($"taskroute: Unrecognized command or argument '{token}'.");
        var command = string.Join(' ', Path(parse.CommandResult.Command));
        Console.Error.WriteLine($"taskroute: see '{command} --help'");
        return 2;
    }

    private static IEnumerable<string> Path(Command command)
    {
        var names = new Stack<string>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
            names.Push(c is RootCommand ? "taskroute" : c.Name);
        return names;
    }

    internal static string Plain(string message) => ExpectedType().Replace(message, m => "as " + Words(m.Groups[1].Value));

    private static string Words(string type)
    {
        var inner = NullableOf().Match(type) is { Success: true } nullable ? nullable.Groups[1].Value : type;
        return inner switch
        {
            "System.Int32" or "System.Int64" or "System.Int16" or "System.UInt32" or "System.UInt64" => "a whole number",
            "System.Double" or "System.Decimal" or "System.Single" => "a number",
            "System.Boolean" => "true or false",
            "System.DateTimeOffset" or "System.DateTime" => "a date and time (ISO 8601)",
            "System.DateOnly" => "a date (yyyy-MM-dd)",
            "System.TimeSpan" => "a time span (hh:mm:ss)",
            "System.Guid" => "a GUID",
            "System.IO.FileInfo" or "System.IO.DirectoryInfo" => "a path",
            _ => "the kind of value the option takes",
        };
    }

    [GeneratedRegex(@"as expected type '([^']+)'")]
    private static partial Regex ExpectedType();

    [GeneratedRegex(@"^System\.Nullable`1\[(.+)\]$")]
    private static partial Regex NullableOf();
}
