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

    [Fact]
    public void A_record_naming_a_command_this_build_does_not_know_is_a_newer_builds_not_damage()
    {
        // As an older build met a newer one's router rules: a whole record, a name it never gave.
        const string newer = """{"$type":"quarantine","agent":1080,"time":1706622867874}""";
        var refused = Assert.Throws<JournalTooNewException>(() => CommandCodec.DecodeRecord(newer, 33, "journal.db"));
        Assert.Equal($"journal record 33 was written by a newer Taskroute (command 'quarantine' unknown to this build, version {Taskroute.Core.BuildVersion.Informational}): " +
            "start the build that wrote it, or restore the copy taken before the upgrade (docs/operations.md, Upgrades)", refused.Message);

        // A record cut or overwritten is still damage, with the restore that mends it.
        Assert.Throws<JournalDamagedException>(() => CommandCodec.DecodeRecord("""{"$type":"quar""", 33, "journal.db"));
        Assert.Throws<JournalDamagedException>(() => CommandCodec.DecodeRecord("""{"$type":"signIn","agent":"x"}""", 33, "journal.db"));
    }

    [Fact]
    public void A_known_command_with_a_value_this_build_has_no_name_for_is_a_newer_builds_not_damage()
    {
        // As a newer build's dialog action would reach this one: the command is known, one of its names is not.
        var written = CommandCodec.Encode(new ActOnDialog(1706622867874, 5172, new Taskroute.Core.Ids.IcmTaskId(154526, 37051928, 1), DialogAction.Accept));
        var newer = written.Replace("\"Accept\"", "\"Escalate\"", StringComparison.Ordinal);
        Assert.NotEqual(written, newer);

        var refused = Assert.Throws<JournalTooNewException>(() => CommandCodec.DecodeRecord(newer, 34, "journal.db"));
        Assert.Equal("value 'Escalate' of $.action in command 'dialog'", refused.Unknown);
        Assert.StartsWith("journal record 34 was written by a newer Taskroute (value 'Escalate' of $.action in command 'dialog' unknown to this build", refused.Message, StringComparison.Ordinal);
        // A name this build has no field for, in a record of the same command, is still damage: only a value's name is a newer build's.
        Assert.Throws<JournalDamagedException>(() => CommandCodec.DecodeRecord(written.Replace("\"Accept\"", "{}", StringComparison.Ordinal), 36, "journal.db"));

    }
}
