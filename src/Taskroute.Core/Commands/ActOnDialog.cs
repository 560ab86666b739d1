using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Core.Commands;

/// <summary>An agent acts on one of its dialogs: accept, start, pause, resume, wrap up, close or transfer.</summary>
public sealed record ActOnDialog(long Time, int Agent, IcmTaskId Dialog, DialogAction Action,
    Disposition Disposition = Disposition.None, string? ScriptSelector = null) : Command(Time);
