namespace Taskroute.Server.Api.Ccp;

/// <summary>One problem with a request, as CCP reports it: the field (errorData) and what is wrong (errorMessage).</summary>
public sealed record ApiError(string Field, string Message);
