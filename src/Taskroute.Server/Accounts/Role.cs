namespace Taskroute.Server.Accounts;

public enum Role
{
    Agent,
    Supervisor,
    Administrator,
}
