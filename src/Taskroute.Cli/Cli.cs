namespace Taskroute.Cli;

internal static class Cli
{
    /// <summary>Says what is wrong on standard error and gives the exit code for a usage or input error.</summary>
    public static int Fail(string message)
    {
        Console.Error.WriteLine("taskroute: " + message);
        return 2;
    }
}
