using System.Text;
using CsCheck;
using Taskroute.Core.Commands;
using Taskroute.Core.Flow;
using Taskroute.Core.Ids;

namespace Taskroute.Storage.Tests;

/// <summary>The journal's submit commands, written without the serializer, read back by it as they were.</summary>
public class SubmitTaskJsonTests
{
    private static readonly string[] Samples = ["", "Ünïcödé ✓", "quote \" and \\ back", "line\nbreak\ttab", "<script>&'", "😀 emoji", "\u0001\u001f"];

    // Text as submitters send it: plain, accented, quotes and backslashes, control characters, emoji.
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char.AlphaNumeric, 0, 12],
        Gen.String[0, 20],
        Gen.Int[0, Samples.Length - 1].Select(i => Samples[i]));

    private static readonly Gen<TaskData> Data =
        from contact in Gen.Guid
        from feed in Gen.Int[0, 1_000_000]
        from name in Text
        from title in Text
        from description in Text.Null()
        from selector in Text
        from media in Text.Null()
        from requeue in Gen.Bool
        from callVariables in Text.Null().Array[0, TaskData.CallVariableCount]
        from ecc in Gen.Select(Text, Text).Array[0, 4]
        from tags in Text.Array[0, 5]
        from priority in Gen.Int[0, 10]
        from preferred in Gen.Int[0, 9999]
        from previous in Gen.Select(Gen.Int[-1, 200_000], Gen.Int[-1, 99_999_999], Gen.Int[-1, 20])
        select new TaskData
        {
            ContactId = contact, FeedId = feed, Name = name, Title = title, Description = description, ScriptSelector = selector,
            MediaType = media, RequeueOnRecovery = requeue, CallVariables = callVariables,
            EccVariables = [.. ecc.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2))],
            Tags = tags, Priority = priority, PreferredAgentId = preferred,
            PreviousTask = previous.Item1 < 0 ? IcmTaskId.None : new IcmTaskId(previous.Item1, previous.Item2, previous.Item3),
        };

    [Fact]
    public void A_submit_is_written_byte_for_byte_as_the_serializer_writes_it()
    {
        Gen.Select(Gen.Long[0, 4_000_000_000_000], Data).Sample(pair =>
        {
            var command = new SubmitTask(pair.Item1, pair.Item2);
            var written = CommandCodec.EncodeUtf8(command);
            var serialized = CommandCodec.SerializeUtf8(command);
            Assert.Equal(Encoding.UTF8.GetString(serialized), Encoding.UTF8.GetString(written));
        });
    }

    [Fact]
    public void A_submit_written_and_read_back_holds_every_field()
    {
        Gen.Select(Gen.Long[0, 4_000_000_000_000], Data).Sample(pair =>
        {
            var read = Assert.IsType<SubmitTask>(CommandCodec.Decode(Encoding.UTF8.GetString(CommandCodec.EncodeUtf8(new SubmitTask(pair.Item1, pair.Item2)))));
            var (expected, actual) = (pair.Item2, read.Data);
            Assert.Equal(pair.Item1, read.Time);
            Assert.Equal(expected.ContactId, actual.ContactId);
            Assert.Equal(expected.Name, actual.Name);
            Assert.Equal(expected.Description, actual.Description);
            Assert.Equal(expected.CallVariables, actual.CallVariables);
            Assert.Equal(expected.EccVariables, actual.EccVariables);
            Assert.Equal(expected.Tags, actual.Tags);
            Assert.Equal(expected.PreviousTask, actual.PreviousTask);
        });
    }
}
