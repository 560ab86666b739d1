namespace Taskroute.Core.Modules.Desktop.Resources;

/// <summary>A configured reason code and the label a desktop shows for it.</summary>
public sealed record ReasonCodeResource(int Code, string Label);
