using System.Globalization;
using System.Text;

namespace Taskroute.Analyzer.Tests;

/// <summary>
/// CCP logs of many short tasks, a second apart, each created, reserved and handled within a second:
/// a runtime log and a CCP API log. Shared with the CLI's tests (linked into Taskroute.Server.Tests).
/// </summary>
public static class ShortCcpTasks
{
    /// <summary>Writes <paramref name="count"/> tasks, with task ids 154600_100_1 onwards, as runtime.log and ccpapi.log in <paramref name="folder"/>.</summary>
    public static void Write(string folder, int count)
    {
        var runtime = new StringBuilder();
        var api = new StringBuilder();
        var start = new DateTime(2024, 1, 30, 10, 0, 0);
        for (var i = 0; i < count; i++)
        {
            var at = start.AddSeconds(i);
            var contact = new Guid(i + 1, 0x2222, 0x4333, 0x84, 0x44, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55);
            runtime.Append($"{i + 1:D10}: 192.168.1.1: {Stamp(at)} -0500: %CCBU_____FEEDS-6-SOCIAL_CONTACT_CREATED: %[SocialContactID={contact}]: SocialContact created\n");
            api.Append($"{2 * i + 1:D10}: 192.168.1.1: {Stamp(at.AddMilliseconds(100))} -0500: %CCBU_____EVENTING-6-SOCIAL_CONTACT_PUBLISH_EVENT: %[SocialContactID={contact}][Status=reserved][TaskID=154600_{i + 100}_1]: Publishing\n");
            api.Append($"{2 * i + 2:D10}: 192.168.1.1: {Stamp(at.AddMilliseconds(900))} -0500: %CCBU_____CCPAPI-6-REST_API_INFO: CONTACT_UPDATE_REQUEST %[SocialContactID={contact}][Status=handled][TaskID=154600_{i + 100}_1]: Close\n");
        }
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "runtime.log"), runtime.ToString());
        File.WriteAllText(Path.Combine(folder, "ccpapi.log"), api.ToString());
    }

    private static string Stamp(DateTime at) => at.ToString("MMM dd yyyy HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
