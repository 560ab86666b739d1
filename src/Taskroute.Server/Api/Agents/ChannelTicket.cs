namespace Taskroute.Server.Api.Agents;

/// <summary>A ticket to open an agent channel from a browser, good once for <c>expiresInSeconds</c>.</summary>
public sealed record ChannelTicket(string Ticket, int ExpiresInSeconds);
