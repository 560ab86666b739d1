namespace Taskroute.Server.Reporting;

/// <summary>The reports have not caught up with the journal in time to answer; the caller may retry shortly.</summary>
public sealed class ReportsBehindException(string message) : Exception(message);
