using System.Globalization;

namespace Taskroute.Analyzer.Tests;

/// <summary>CCP and Finesse stamps read with the last date remembered: a new date, a bad one and odd spellings still read right.</summary>
public sealed class CiscoTimeTests
{
    private static DateTimeOffset? Read(string text) =>
        CiscoTime.TryParse(text, out var stamp, out _) ? DateTimeOffset.FromUnixTimeMilliseconds(stamp.UnixMs).ToOffset(stamp.Offset) : null;

    private static DateTimeOffset Expected(string text) =>
        DateTimeOffset.ParseExact(text, "MMM d yyyy HH:mm:ss.fff zzz", CultureInfo.InvariantCulture);

    [Fact]
    public void Consecutive_stamps_across_days_offsets_and_spellings_read_as_written()
    {
        string[] stamps =
        [
            "Jan 30 2024 23:59:59.999 -0500",
            "Jan 30 2024 08:55:49.233 -0500",
            "Jan 31 2024 00:00:00.000 -0500",
            "Jan 31 2024 00:00:00.000 +0530",
            "Feb 29 2024 12:00:00.001 +0000",
            "JAN 31 2024 01:02:03.004 -0500",
            "Mar  5 2024 10:11:12.013 -0500",
            "Mar 5 2024 10:11:12.013 -0500",
        ];
        foreach (var s in stamps)
        {
            var offset = s[^5..].Insert(3, ":");
            Assert.Equal(Expected(string.Concat(s.AsSpan(0, s.Length - 5), offset).Replace("  ", " ", StringComparison.Ordinal)), Read(s));
            Assert.Equal(TimeSpan.Parse(offset.TrimStart('+'), CultureInfo.InvariantCulture), Read(s)!.Value.Offset);
        }
    }

    [Fact]
    public void A_bad_stamp_after_a_good_one_of_the_same_date_is_refused()
    {
        Assert.NotNull(Read("Feb 28 2023 10:00:00.000 -0500"));
        Assert.Null(Read("Feb 28 2023 24:00:00.000 -0500"));
        Assert.Null(Read("Feb 28 2023 10:60:00.000 -0500"));
        Assert.Null(Read("Feb 28 2023 10:00:00.000 -1500"));
        Assert.Null(Read("Feb 28 2023 10:00:0x.000 -0500"));
        Assert.Null(Read("Feb 29 2023 10:00:00.000 -0500"));
        Assert.Null(Read("Feb 28 2023 10:00:00.000"));
    }

    [Theory]
    [InlineData("Jan 30 2024 13:55:49.501 UTC", "Jan 30 2024 13:55:49.501 +00:00")]
    [InlineData("*Jan 30 2024 08:55:49.501 -0500", "Jan 30 2024 08:55:49.501 -05:00")]
    [InlineData(".Jan 30 2024 08:55:49.501 -0500", "Jan 30 2024 08:55:49.501 -05:00")]
    [InlineData("*Jan 30 2024 13:55:49.501 UTC", "Jan 30 2024 13:55:49.501 +00:00")]
    public void Stamps_in_utc_or_marked_as_unsynchronised_are_read(string stamp, string expected)
    {
        Assert.True(CiscoTime.TryParse(stamp + ": %X", out _, out var used));
        Assert.Equal(stamp.Length, used);
        Assert.Equal(Expected(expected), Read(stamp));
        Assert.Equal(TimeSpan.Parse(expected[^6..].TrimStart('+'), CultureInfo.InvariantCulture), Read(stamp)!.Value.Offset);
    }
}
