using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Taskroute.Logs;

/// <summary>
/// What <c>taskroute logs list</c> and <c>taskroute logs get</c> do, on the file system only: list
/// the component logs under a data directory, choose some as CCE's <c>file get activelog</c> does,
/// and copy them out, one by one or in a single zip. Bad options give a <see cref="ComponentLogException"/>.
/// </summary>
public static class LogFileSelection
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The files of one component, or of all when <paramref name="component"/> is null, by component then name.</summary>
    public static IReadOnlyList<LogFileEntry> List(string directory, ComponentLog? component = null, bool recurs = false) =>
        Select(directory, component, new LogFileQuery { Recurs = recurs });

    /// <summary>The files of one component (or all) that the query selects.</summary>
    public static IReadOnlyList<LogFileEntry> Select(string directory, ComponentLog? component, LogFileQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var result = new List<LogFileEntry>();
        foreach (var c in component is { } one ? [one] : ComponentLogNames.All)
        {
            var folder = Path.Combine(directory, ComponentLogNames.Of(c));
            if (!Directory.Exists(folder)) continue;
            // Links are passed over, files and folders alike: a link in the logs folder would serve
            // whatever it points to.
            var options = new EnumerationOptions { RecurseSubdirectories = query.Recurs, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
            var files = new List<LogFileEntry>();
            foreach (var path in Directory.EnumerateFiles(folder, "*", options))
            {
                var info = new FileInfo(path);
                if (info.LinkTarget is not null) continue;
                var modified = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
                if (query.From is { } from && modified < from) continue;
                if (query.To is { } to && modified > to) continue;
                if (query.Match is { } regex && !IsMatch(regex, info.Name)) continue;
                var relative = Path.GetRelativePath(directory, path).Replace('\\', '/');
                files.Add(new LogFileEntry(c, path, relative, info.Length, modified));
            }
            files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
            result.AddRange(files);
        }
        return result;
    }

    /// <summary>
    /// Copies the files into <paramref name="outDirectory"/>, keeping their component folders, or
    /// into one zip there when <paramref name="compress"/>; returns what it wrote. Files still being
    /// written are read as they are (flush the writer first for its latest lines).
    /// </summary>
    public static IReadOnlyList<string> Copy(IReadOnlyList<LogFileEntry> files, string outDirectory, bool compress, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(files);
        // The copies hold what the logs hold, and are kept as privately (PrivateFiles).
        PrivateFiles.CreateDirectory(outDirectory);
        if (compress)
        {
            var zip = Path.Combine(outDirectory, $"taskroute-logs-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.zip");
            using var archive = new ZipArchive(PrivateFiles.Create(zip), ZipArchiveMode.Create);
            foreach (var file in files)
            {
                var entry = archive.CreateEntry(file.RelativePath, CompressionLevel.Optimal);
                entry.LastWriteTime = file.Modified;
                using var source = OpenShared(file.Path);
                using var target = entry.Open();
                source.CopyTo(target);
            }
            return [zip];
        }
        var written = new List<string>(files.Count);
        var root = Path.GetFullPath(outDirectory) + Path.DirectorySeparatorChar;
        foreach (var file in files)
        {
            var target = Path.GetFullPath(Path.Combine(root, file.RelativePath));
            if (!target.StartsWith(root, StringComparison.Ordinal)) throw new ComponentLogException($"'{file.RelativePath}' is outside {outDirectory}");
            PrivateFiles.CreateDirectory(Path.GetDirectoryName(target)!);
            using (var source = OpenShared(file.Path))
            using (var output = PrivateFiles.Create(target))
                source.CopyTo(output);
            File.SetLastWriteTimeUtc(target, file.Modified.UtcDateTime);
            written.Add(target);
        }
        return written;
    }

    /// <summary>
    /// CCE's <c>reltime months|weeks|days|hours|minutes N</c>: files modified within the last N units
    /// before <paramref name="now"/> (a month is 30 days).
    /// </summary>
    public static LogFileQuery Relative(string unit, string value, DateTimeOffset now)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
            throw new ComponentLogException($"reltime: the time value must be a whole number above 0 (got '{value}')");
        long minutes = unit?.Trim().ToLowerInvariant() switch
        {
            "months" or "month" => 30L * 24 * 60 * n,
            "weeks" or "week" => 7L * 24 * 60 * n,
            "days" or "day" => 24L * 60 * n,
            "hours" or "hour" => 60L * n,
            "minutes" or "minute" => n,
            _ => throw new ComponentLogException($"reltime: the unit must be months, weeks, days, hours or minutes (got '{unit}')"),
        };
        // Further back than the calendar goes is everything there is.
        return new LogFileQuery { From = minutes >= (now - DateTimeOffset.MinValue).TotalMinutes ? DateTimeOffset.MinValue : now - TimeSpan.FromMinutes(minutes), To = now };
    }

    /// <summary>
    /// CCE's <c>abstime hh:mm:MM/DD/YY hh:mm:MM/DD/YY</c>: files modified between the two times, read at
    /// <paramref name="offset"/> (the logs' offset). The second time is taken to the end of its minute.
    /// </summary>
    public static LogFileQuery Absolute(string from, string to, TimeSpan offset)
    {
        var start = ParseAbsolute(from, offset, "from");
        var end = ParseAbsolute(to, offset, "to").AddMinutes(1).AddTicks(-1);
        if (end < start) throw new ComponentLogException($"abstime: '{to}' is before '{from}'");
        return new LogFileQuery { From = start, To = end };
    }

    /// <summary>CCE's <c>match regex</c>, checked here so that a bad expression is a message, not a crash.</summary>
    public static Regex Match(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ComponentLogException($"match: '{pattern}' is not a valid regular expression ({e.Message})", e);
        }
    }

    private static DateTimeOffset ParseAbsolute(string text, TimeSpan offset, string which)
    {
        if (!DateTime.TryParseExact(text?.Trim(), "H:mm:MM/dd/yy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            throw new ComponentLogException($"abstime: the {which} time must be hh:mm:MM/DD/YY, for example 08:55:01/30/24 (got '{text}')");
        return new DateTimeOffset(local, offset);
    }

    private static bool IsMatch(Regex regex, string name)
    {
        try
        {
            return regex.IsMatch(name);
        }
        catch (RegexMatchTimeoutException e)
        {
            throw new ComponentLogException($"match: '{regex}' took too long on '{name}'", e);
        }
    }

    private static FileStream OpenShared(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
}
