using Taskroute.Server.Accounts;

namespace Taskroute.Server.Tests;

public class AccountStoreTests
{
    private static AccountStore Store() => new([
        new Account("1080", Role.Agent, PasswordHash.Create("right", 1_000), 1080),
        new Account("1081", Role.Agent, PasswordHash.Create("other", 1_000), 1081),
    ]);

    [Fact]
    public void A_remembered_password_lets_its_user_in_again_and_nobody_else()
    {
        var accounts = Store();
        Assert.Equal("1080", accounts.SignIn("1080", "right")?.User);
        // Now from the fast check: the same answer.
        Assert.Equal("1080", accounts.SignIn("1080", "right")?.User);
        Assert.Null(accounts.SignIn("1080", "wrong"));
        Assert.Null(accounts.SignIn("1080", "Right"));
        // Another user with the first one's password is checked against its own hash.
        Assert.Null(accounts.SignIn("1081", "right"));
        Assert.Equal("1081", accounts.SignIn("1081", "other")?.User);
        Assert.Null(accounts.SignIn("nobody", "right"));
    }
}
