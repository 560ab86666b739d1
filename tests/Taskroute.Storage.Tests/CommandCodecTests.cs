using Taskroute.Core.Commands;
using Taskroute.Core.Flow;

namespace Taskroute.Storage.Tests;

/// <summary>Commands journaled by earlier versions decode as they were made, so that they replay as they ran.</summary>
public class CommandCodecTests
{
    [Fact]
    public void A_sign_in_journaled_before_repeated_sign_ins_reset_settings_decodes_without_the_reset()
    {
        // As the version before wrote it: no resetIfSignedIn.
        const string journaled = """{"$type":"signIn","agent":1080,"mrdId":5011,"maxTaskLimit":2,"interruptAction":"Ignore","dialogLogoutAction":"Transfer","time":1706622867874}""";
        var signIn = Assert.IsType<SignIn>(CommandCodec.Decode(journaled));
        Assert.False(signIn.ResetIfSignedIn);
        Assert.Equal((1080, 5011, 2, InterruptAction.Ignore, DialogLogoutAction.Transfer), (signIn.Agent, signIn.MrdId, signIn.MaxTaskLimit, signIn.InterruptAction, signIn.DialogLogoutAction));
    }

    [Fact]
    public void A_sign_in_made_now_keeps_its_reset_through_the_journal()
    {
        var made = new SignIn(1706622867874, 1080, 5011, 2, ResetIfSignedIn: true);
        Assert.Equal(made, CommandCodec.Decode(CommandCodec.Encode(made)));
    }
}
