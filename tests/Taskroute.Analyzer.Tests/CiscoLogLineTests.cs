namespace Taskroute.Analyzer.Tests;

/// <summary>Cisco Log line heads as CCP, Finesse and dumplog write them: facility, severity and mnemonic told apart.</summary>
public sealed class CiscoLogLineTests
{
    private const string Head = "0051203603: 10.106.81.82: Apr 14 2017 14:01:17.196 -0700: ";

    [Theory]
    [InlineData("%CCBU_CTIMessageEventExecutor-0-6-DECODED_MESSAGE_FROM_CTI_SERVER: %[cti_message=x]", "CCBU_CTIMessageEventExecutor-0", "DECODED_MESSAGE_FROM_CTI_SERVER")]
    [InlineData("%CCBU_COMMAND_POOL-1-worker-9-6-SENDING_MESSAGE_TO_CTI_SERVER: %[cti_message=x]", "CCBU_COMMAND_POOL-1-worker-9", "SENDING_MESSAGE_TO_CTI_SERVER")]
    [InlineData("%CCBU_____CCP-DS-API-6-CCP_DS_API_MESSAGE: Read -6- things", "CCBU_____CCP-DS-API", "CCP_DS_API_MESSAGE")]
    [InlineData("%CCBU_____EVENTING-6-SOCIAL_CONTACT_PUBLISH_", "CCBU_____EVENTING", "SOCIAL_CONTACT_PUBLISH_")]
    [InlineData("%ICM_Router_CallRouter-6-10500FF: [comp=Router-A]", "ICM_Router_CallRouter", "10500FF")]
    public void Facility_subfacility_severity_and_mnemonic_are_split_at_the_severity(string tail, string facility, string mnemonic)
    {
        Assert.True(CiscoLogLine.TryHeader(Head + tail, out _, out var f, out var m, out _));
        Assert.Equal((facility, mnemonic), (f.ToString(), m.ToString()));
    }
}
