namespace Taskroute.Analyzer;

/// <summary>
/// The words ICM's id spellings share (<c>TaskID</c> in <c>TaskID=</c>, <c>TaskID:</c> and
/// <c>TaskID = </c>), all found in one pass over a line: a spelling is looked for only when its
/// word is there.
/// </summary>
[Flags]
internal enum IdWords
{
    None = 0,
    Cid = 1,
    TaskId = 2,
    Agent = 4,
    Mrd = 8,
    SkillGroup = 16,
    Peripheral = 32,
    Invoke = 64,
    Ani = 128,
    Disposition = 256,
    ErrorCode = 512,
}
