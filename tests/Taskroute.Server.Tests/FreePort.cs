using System.Net;
using System.Net.Sockets;

namespace Taskroute.Server.Tests;

/// <summary>A loopback port nothing listens on now, for a server or silo a test starts with a port of its own.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
