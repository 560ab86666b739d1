using Taskroute.Core.Reporting;

namespace Taskroute.Storage.Reports;

/// <summary>One interval's counters for one MRD, skill group, precision queue, agent or script selector.</summary>
public sealed record IntervalRow(long Start, ReportKey Key, IntervalCounters Counters);
