using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Taskroute.Cluster.Membership;

/// <summary>How a <see cref="MembershipEntry"/> maps to a row of the membership table, both ways.</summary>
internal static class MembershipColumns
{
    /// <summary>The entry's columns, in the order <see cref="Read"/> expects them after the version's two.</summary>
    public const string Select = "m.silo, m.status, m.proxy_port, m.host_name, m.silo_name, m.role_name, m.update_zone, m.fault_zone, m.suspect_times, m.start_time, m.i_am_alive_time, m.etag";

    /// <summary>Adds the entry's fields as parameters named after their columns.</summary>
    public static void Bind(NpgsqlCommand command, MembershipEntry entry)
    {
        var votes = entry.SuspectTimes ?? [];
        command.Parameters.AddWithValue("silo", entry.SiloAddress.ToParsableString());
        command.Parameters.AddWithValue("status", (int)entry.Status);
        command.Parameters.AddWithValue("proxy_port", entry.ProxyPort);
        command.Parameters.AddWithValue("host_name", entry.HostName ?? "");
        command.Parameters.AddWithValue("silo_name", entry.SiloName ?? "");
        command.Parameters.AddWithValue("role_name", (object?)entry.RoleName ?? DBNull.Value);
        command.Parameters.AddWithValue("update_zone", entry.UpdateZone);
        command.Parameters.AddWithValue("fault_zone", entry.FaultZone);
        command.Parameters.AddWithValue("suspect_times", NpgsqlDbType.Jsonb,
            JsonSerializer.Serialize(votes.Select(v => new SuspectVote(v.Item1.ToParsableString(), Utc(v.Item2))).ToArray()));
        // Kept apart from the JSON so that cleanup can tell, in SQL, how recently a dead silo was voted on.
        command.Parameters.AddWithValue("last_suspect_time", NpgsqlDbType.TimestampTz,
            votes.Count == 0 ? DBNull.Value : votes.Max(v => Utc(v.Item2)));
        command.Parameters.AddWithValue("start_time", NpgsqlDbType.TimestampTz, Utc(entry.StartTime));
        command.Parameters.AddWithValue("i_am_alive_time", NpgsqlDbType.TimestampTz, Utc(entry.IAmAliveTime));
    }

    /// <summary>Reads the entry and its etag starting at column <paramref name="first"/>.</summary>
    public static Tuple<MembershipEntry, string> Read(NpgsqlDataReader reader, int first)
    {
        var votes = JsonSerializer.Deserialize<SuspectVote[]>(reader.GetString(first + 8)) ?? [];
        var entry = new MembershipEntry
        {
            SiloAddress = SiloAddress.FromParsableString(reader.GetString(first)),
            Status = (SiloStatus)reader.GetInt32(first + 1),
            ProxyPort = reader.GetInt32(first + 2),
            HostName = reader.GetString(first + 3),
            SiloName = reader.GetString(first + 4),
            RoleName = reader.IsDBNull(first + 5) ? null! : reader.GetString(first + 5),
            UpdateZone = reader.GetInt32(first + 6),
            FaultZone = reader.GetInt32(first + 7),
            SuspectTimes = [.. votes.Select(v => Tuple.Create(SiloAddress.FromParsableString(v.Silo), v.Time))],
            StartTime = reader.GetDateTime(first + 9),
            IAmAliveTime = reader.GetDateTime(first + 10),
        };
        return Tuple.Create(entry, reader.GetString(first + 11));
    }

    /// <summary>Orleans stamps its times in UTC, but a default (unspecified) time must still be writable as timestamptz.</summary>
    public static DateTime Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };

    private sealed record SuspectVote(string Silo, DateTime Time);
}
