using System.CommandLine;
using Taskroute.Server.Accounts;

namespace Taskroute.Cli.Commands;

/// <summary><c>taskroute hash-password</c>: turns a password (read from standard input) into the hash a configuration file's account holds.</summary>
internal static class HashPasswordCommand
{
    public static Command Create()
    {
        var command = new Command("hash-password", "Read a password from standard input and print its hash for the accounts section of a configuration file.");
        command.SetAction(_ =>
        {
            var password = Console.In.ReadLine();
            if (string.IsNullOrEmpty(password)) return Cli.Fail("give the password on standard input, e.g. `echo 's3cret' | taskroute hash-password`");
            Console.WriteLine(PasswordHash.Create(password));
            return 0;
        });
        return command;
    }
}
