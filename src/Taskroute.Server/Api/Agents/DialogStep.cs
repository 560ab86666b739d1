using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Server.Api.Agents;

/// <summary>A dialog action as a desktop asks for it (PUT /api/v1/dialogs/{id} or the agent channel), checked before it reaches the loop.</summary>
internal readonly record struct DialogStep(IcmTaskId DialogId, DialogAction Action, Disposition Disposition, string? ScriptSelector)
{
    public const string Actions = "ACCEPT, START, PAUSE, RESUME, WRAP_UP, CLOSE or TRANSFER";

    /// <summary>Reads the step; on a bad value answers the field and what it must be, or an unknown dialog id as <c>("dialogId", null)</c>.</summary>
    public static bool TryRead(string? dialogId, string? action, int? disposition, string? scriptSelector, out DialogStep step, out (string Field, string? Expected) invalid)
    {
        step = default;
        invalid = default;
        if (dialogId is null || !IcmTaskId.TryParse(dialogId, out var id))
        {
            invalid = ("dialogId", null);
            return false;
        }
        if (!EnumNames.TryParse<DialogAction>((action ?? "").Replace("_", "", StringComparison.Ordinal), out var parsed))
        {
            invalid = ("action", Actions);
            return false;
        }
        if (disposition is { } code && !Enum.IsDefined((Disposition)code))
        {
            invalid = ("disposition", $"a CCE task disposition (got {code})");
            return false;
        }
        step = new DialogStep(id, parsed, disposition is { } d ? (Disposition)d : Disposition.None, scriptSelector);
        return true;
    }
}
