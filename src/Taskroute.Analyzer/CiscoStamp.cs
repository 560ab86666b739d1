namespace Taskroute.Analyzer;

/// <summary>A CCP or Finesse time stamp: the instant in Unix milliseconds and the offset it was written in.</summary>
internal readonly record struct CiscoStamp(long UnixMs, TimeSpan Offset);
