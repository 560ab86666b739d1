namespace Taskroute.Logs.Tests;

public sealed class ComponentLogLevelTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Every_component_starts_at_info()
    {
        using var writer = new ComponentLogWriter(_dir.Settings());
        Assert.All(writer.Levels.Values, level => Assert.Equal(ComponentLogLevel.INFO, level));
        Assert.Equal(7, writer.Levels.Count);
    }

    [Fact]
    public void A_component_at_off_writes_nothing_and_the_others_carry_on()
    {
        using (var writer = new ComponentLogWriter(_dir.Settings()))
        {
            writer.SetLevel(ComponentLog.Pim, ComponentLogLevel.OFF);
            foreach (var batch in SeedFlow.Batches()) writer.Write(batch);
        }
        Assert.Empty(_dir.Files(ComponentLog.Pim));
        Assert.Contains("NewCall", _dir.Read(ComponentLog.Rtr), StringComparison.Ordinal);
    }

    [Fact]
    public void A_level_change_applies_from_the_next_write()
    {
        var batches = SeedFlow.Batches();
        using var writer = new ComponentLogWriter(_dir.Settings());
        writer.Write(batches[0]);
        writer.SetLevel("webservices", "trace");
        foreach (var batch in batches.Skip(1)) writer.Write(batch);
        writer.Flush();

        var log = _dir.Read(ComponentLog.WebServices);
        var firstDebug = log.IndexOf("[DEBUG]", StringComparison.Ordinal);
        Assert.True(firstDebug > 0);
        // The sign-in came before the change: its request line was not written.
        Assert.DoesNotContain("08:54:27.874 -0500]: [http-nio", log, StringComparison.Ordinal);
        Assert.Contains("08:54:34.531 -0500]: [http-nio", log, StringComparison.Ordinal);
    }

    [Fact]
    public void A_level_set_at_run_time_survives_a_new_writer_on_the_same_directory()
    {
        using (var writer = new ComponentLogWriter(_dir.Settings()))
            writer.SetLevel(ComponentLog.WebServices, ComponentLogLevel.TRACE);

        Assert.True(File.Exists(Path.Combine(_dir.Path, "levels.json")));
        using var again = new ComponentLogWriter(_dir.Settings());
        Assert.Equal(ComponentLogLevel.TRACE, again.LevelOf(ComponentLog.WebServices));
        Assert.Equal(ComponentLogLevel.INFO, again.LevelOf(ComponentLog.CtiSvr));
    }

    [Fact]
    public void Debug_adds_the_technotes_processing_lines()
    {
        using (var writer = new ComponentLogWriter(_dir.Settings()))
        {
            writer.SetLevel(ComponentLog.CtiSvr, ComponentLogLevel.DEBUG);
            writer.SetLevel(ComponentLog.Rtr, ComponentLogLevel.DEBUG);
            foreach (var batch in SeedFlow.Batches()) writer.Write(batch);
        }
        var cti = _dir.Read(ComponentLog.CtiSvr);
        Assert.Contains("08:55:58:923 cg3A-ctisvr Trace: ProcessOfferTaskInd - sessionID 3\n", cti, StringComparison.Ordinal);
        Assert.Matches(@"08:55:58:923 cg3A-ctisvr Trace: SendARMMsg: ARM_OFFER_TASK_IND-- InvokeID = (\d+), ClientInvokeID = \1, .*\nSkillGroupID = 5199, ServiceID = -1, SessionID = 3\n", cti);
        // The same invoke id in hex on the session line and in decimal on SendARMMsg.
        var hex = System.Text.RegularExpressions.Regex.Match(cti, @"MsgType:OFFER_TASK_IND \(InvokeID:0x([0-9a-f]+)").Groups[1].Value;
        var dec = System.Text.RegularExpressions.Regex.Match(cti, @"ARM_OFFER_TASK_IND-- InvokeID = (\d+)").Groups[1].Value;
        Assert.Equal(Convert.ToInt32(hex, 16), int.Parse(dec, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("ra-rtr Trace: OrigRCCallID{PhyCtrlID=0, RCID=0, DlgID=0x0} OrigOperationType=0\n", _dir.Read(ComponentLog.Rtr), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_component_is_refused_with_the_valid_names()
    {
        using var writer = new ComponentLogWriter(_dir.Settings());
        var error = Assert.Throws<ComponentLogException>(() => writer.SetLevel("finesse", "TRACE"));
        Assert.Equal("unknown component 'finesse'; valid components: ccppublicapps, ccpapi, runtime, webservices, ctisvr, pim, rtr", error.Message);
    }

    [Fact]
    public void An_unknown_level_is_refused_with_the_valid_levels()
    {
        using var writer = new ComponentLogWriter(_dir.Settings());
        var error = Assert.Throws<ComponentLogException>(() => writer.SetLevel("webservices", "VERBOSE"));
        Assert.Contains("OFF, ERROR, WARN, INFO, DEBUG, TRACE", error.Message, StringComparison.Ordinal);
        Assert.Throws<ComponentLogException>(() => ComponentLogNames.ParseLevel("3"));
    }

    [Fact]
    public void A_broken_levels_file_is_reported_by_its_path()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "levels.json"), "{\"webservices\": \"LOUD\"}");
        var error = Assert.Throws<ComponentLogException>(() => new ComponentLogWriter(_dir.Settings()));
        Assert.Contains("levels.json", error.Message, StringComparison.Ordinal);
    }
}
