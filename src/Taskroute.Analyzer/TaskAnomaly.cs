namespace Taskroute.Analyzer;

/// <summary>One thing that went wrong or is missing, when (null when it has no moment), and in words.</summary>
public sealed record TaskAnomaly(AnomalyKind Kind, DateTimeOffset? At, string Detail);
