using Spectre.Console;

namespace Taskroute.Cli;

internal static class Cli
{
    /// <summary>Says what is wrong on standard error and gives the exit code for a usage or input error.</summary>
    public static int Fail(string message)
    {
        System.Console.Error.WriteLine("taskroute: " + message);
        return 2;
    }

    /// <summary>An exception's message without .NET's <c>(Parameter 'name')</c>, which names a C# parameter, not anything the user gave.</summary>
    public static string Plain(Exception error) =>
        error is ArgumentException { ParamName: { } name } ? error.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : error.Message;

    /// <summary>Why a file an option names could not be read: one line naming the option and the path.</summary>
    public static string CannotRead(string option, string path, Exception error) => $"{option}: cannot read {path}: {Why(error)}";

    /// <summary>Why a file or folder an option names could not be written: one line naming the option and the path.</summary>
    public static string CannotWrite(string option, string path, Exception error) => $"{option}: cannot write to {path}: {Why(error)}";

    /// <summary>
    /// A file system failure in the system's words, without .NET's sentence around them: its
    /// messages name the path again, and for a missing folder speak of "a part of the path".
    /// </summary>
    public static string Why(Exception error) => error switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException => "no such directory",
        FileNotFoundException => "no such file or directory",
        // EEXIST is the one error .NET words as a sentence of its own.
        IOException when error.Message.EndsWith("already exists.", StringComparison.Ordinal) => "a file of that name is in the way",
        // Other errors are strerror's text followed by " : 'path'".
        IOException when error.Message.LastIndexOf(" : '", StringComparison.Ordinal) is > 0 and var end => char.ToLowerInvariant(error.Message[0]) + error.Message[1..end],
        _ => error.Message,
    };

    /// <summary>
    /// Where tables go: the terminal, or plain text without colours when the output is redirected,
    /// <paramref name="redirectedWidth"/> wide since a file has no width to fold the tables to.
    /// </summary>
    public static IAnsiConsole Console(int redirectedWidth = 200)
    {
        if (!System.Console.IsOutputRedirected) return AnsiConsole.Console;
        var plain = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Out), ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No });
        plain.Profile.Width = redirectedWidth;
        return plain;
    }
}
