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
