namespace Taskroute.Core.Modules.Desktop.Resources;

/// <summary>What a dialog step answers when the step closed the dialog and it is gone from the agent.</summary>
public sealed record ClosedDialog(string Id, string State);
