using Taskroute.Core.Ids;

namespace Taskroute.Core.Modules.MediaRouting;

/// <summary>The MR PG's dialogue with the application about one task while the router has it.</summary>
internal sealed class Dialogue
{
    public int DialogueId;
    public int Task;
    public Guid Contact;
    public IcmTaskId TaskId = IcmTaskId.None;
    public int SendSeqNo;
}
