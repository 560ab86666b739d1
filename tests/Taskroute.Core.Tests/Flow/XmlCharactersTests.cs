using Taskroute.Core.Flow;

namespace Taskroute.Core.Tests.Flow;

/// <summary>What the CCP Task API can hand back in XML: the characters XML 1.0 carries, and how a message quoting bad input is cleaned.</summary>
public class XmlCharactersTests
{
    [Theory]
    [InlineData("Ann", null)]
    [InlineData("tab\tnew line\ncarriage\r", null)]
    [InlineData("emoji 𝕏💥 and accents é", null)]
    [InlineData("A\uFFFF", 1)]
    [InlineData("A\uFFFE", 1)]
    [InlineData("bell\u0007", 4)]
    public void The_first_character_xml_cannot_carry_is_found(string text, int? at) => Assert.Equal(at, XmlCharacters.FirstInvalid(text));

    [Fact]
    public void Half_a_surrogate_pair_is_found()
    {
        // Built here: theory data cannot carry a lone surrogate through test discovery.
        Assert.Equal(5, XmlCharacters.FirstInvalid("half " + (char)0xD83D + " pair"));
        Assert.Equal(4, XmlCharacters.FirstInvalid("low " + (char)0xDC00 + " alone"));
    }

    [Fact]
    public void Cleaning_replaces_only_what_xml_cannot_carry_and_keeps_pairs()
    {
        Assert.Equal("A\uFFFD 💥 \uFFFD\uFFFD", XmlCharacters.Clean("A\u0001 💥 " + (char)0xD83D + "\uFFFF"));
        Assert.Same("fine", XmlCharacters.Clean("fine"));
    }

    [Fact]
    public void A_task_with_a_character_xml_cannot_carry_is_refused_naming_the_field()
    {
        var data = new TaskData { ContactId = Guid.NewGuid(), Name = "n", Title = "t\uFFFF", ScriptSelector = "S" };
        Assert.StartsWith("title:", data.Validate(), StringComparison.Ordinal);
        var ecc = new TaskData { ContactId = Guid.NewGuid(), Name = "n", Title = "t", ScriptSelector = "S", EccVariables = [new("order", "\u0002")] };
        Assert.StartsWith("user_order:", ecc.Validate(), StringComparison.Ordinal);
    }
}
