namespace Taskroute.Analyzer.Tests;

/// <summary>The one-pass search finds exactly the words a plain search for each would.</summary>
public sealed class IdWordsTests
{
    private static readonly string[] Words = ["CID=(", "TaskID", "ICMAgentID", "MRD", "SkillGroup", "Per", "InvokeID", "ANI=", "Disposition", "ErrorCode="];

    [Theory]
    [InlineData("MsgType:OFFER_TASK_IND (InvokeID:0x1 MRDID:1 ICMAgentID:10000")]
    [InlineData("TaskID:154526/1/1ARMSkillGroupID:101 ARMServiceID:N/A)")]
    [InlineData("(210 x 0 : 0 0) DeviceTargetPreCall_V14: CID=(154526,210), PerID=5000, PQID=0, SkillGroupID=100, AgentID=10000, MRDID=1")]
    [InlineData("ICMDisposition = 0 ErrorCode=5 ANI=x PeripherlID=1")]
    [InlineData("")]
    [InlineData("no ids at all")]
    public void Lines_hold_the_words_a_plain_search_finds(string line) => Assert.Equal(Expected(line), IdWordsFinder.In(line));

    [Fact]
    public void Random_lines_made_of_word_pieces_agree_with_a_plain_search()
    {
        var random = new Random(5);
        string[] pieces = [.. Words, "CID", "=(", "Task", "ID", "ICM", "Agent", "SkillGr", "oup", "Pe", "r", "ANI", "=", " ", ":", "x", "Dispos", "ition"];
        for (var i = 0; i < 5000; i++)
        {
            var line = string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => pieces[random.Next(pieces.Length)]));
            Assert.Equal(Expected(line), IdWordsFinder.In(line));
        }
    }

    private static IdWords Expected(string line)
    {
        var words = IdWords.None;
        for (var w = 0; w < Words.Length; w++)
            if (line.Contains(Words[w], StringComparison.Ordinal)) words |= (IdWords)(1 << w);
        return words;
    }
}
