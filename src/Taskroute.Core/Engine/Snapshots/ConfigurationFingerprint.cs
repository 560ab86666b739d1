using System.Security.Cryptography;
using System.Text;
using Taskroute.Core.Configuration;
using Taskroute.Core.Scripts;

namespace Taskroute.Core.Engine.Snapshots;

/// <summary>
/// A hash of everything in a configuration that the engine's behaviour depends on. A snapshot holds
/// state only meaningful under the configuration it was taken with (indexes of agents, MRDs,
/// targets and script nodes); under any other it would be silently wrong, so a restore refuses it.
/// Written field by field rather than by reflection, which the core's AOT build does not allow.
/// </summary>
internal static class ConfigurationFingerprint
{
    public const int Length = 32;

    /// <param name="config">The configuration.</param>
    /// <param name="zoneOffsets">
    /// False: a time zone's pinned clock left out, only its name hashed: the configuration as an
    /// operator wrote it, which a machine's tzdata update does not change.
    /// </param>
    public static byte[] Of(RoutingConfiguration config, bool zoneOffsets = true)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var h = new Hasher(hash);
        h.Int(config.AgentPeripheralId);
        h.Int(config.MediaRoutingPeripheralId);
        h.Int(config.RoutingClientId);
        h.Int(config.RouterCallKeyStart);
        h.Int(config.UtcOffsetMinutes);
        h.Int(config.Mrds.Count);
        foreach (var m in config.Mrds)
        {
            h.Int(m.Id);
            h.Text(m.Name);
            h.Int(m.MaxTasksPerAgent);
            h.Int(m.Interruptible ? 1 : 0);
            h.Int(m.TaskStartTimeoutSeconds);
            h.Int(m.TaskLifeSeconds);
            h.Int(m.MaxTaskDurationSeconds);
            h.Int(m.MaxTimeInQueueSeconds);
            h.Int(m.MaxTasksInQueue);
            h.Int(m.ServiceLevelThresholdSeconds);
            h.Int((int)m.ServiceLevelType);
        }
        h.Int(config.SkillGroups.Count);
        foreach (var g in config.SkillGroups)
        {
            h.Int(g.Id);
            h.Text(g.Name);
            h.Int(g.MrdId);
        }
        h.Int(config.Attributes.Count);
        foreach (var a in config.Attributes)
        {
            h.Text(a.Name);
            h.Int((int)a.Type);
        }
        h.Int(config.PrecisionQueues.Count);
        foreach (var q in config.PrecisionQueues)
        {
            h.Int(q.Id);
            h.Text(q.Name);
            h.Int(q.MrdId);
            h.Int(q.Steps.Count);
            foreach (var s in q.Steps)
            {
                h.Int((int)s.Join);
                h.Int(s.WaitSeconds);
                h.Int(s.Expressions.Count);
                foreach (var e in s.Expressions)
                {
                    h.Int((int)e.Join);
                    h.Int(e.Terms.Count);
                    foreach (var t in e.Terms)
                    {
                        h.Text(t.Attribute);
                        h.Int((int)t.Operator);
                        h.Text(t.Value);
                    }
                }
                Condition(h, s.ConsiderIf);
            }
        }
        h.Int(config.Agents.Count);
        foreach (var a in config.Agents)
        {
            h.Int(a.Id);
            h.Int(a.LoginId);
            h.Text(a.Name);
            h.Int(a.SkillGroups.Count);
            foreach (var g in a.SkillGroups) h.Int(g);
            // Dictionaries are looked up, never walked in order: sort so the same content hashes alike.
            h.Int(a.SkillLevels.Count);
            foreach (var (g, level) in a.SkillLevels.OrderBy(p => p.Key))
            {
                h.Int(g);
                h.Int(level);
            }
            h.Int(a.Attributes.Count);
            foreach (var (name, value) in a.Attributes.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                h.Text(name);
                h.Text(value);
            }
        }
        h.Int(config.ScriptSelectors.Count);
        foreach (var s in config.ScriptSelectors)
        {
            h.Text(s.Name);
            h.Int(s.MrdId);
            Nodes(h, s.Script);
        }
        h.Int(config.TaskFeeds.Count);
        foreach (var f in config.TaskFeeds)
        {
            h.Int(f.Id);
            h.Text(f.Name);
            h.Text(f.ApiKey);
            h.Text(f.DefaultScriptSelector);
        }
        // Added after configurations were first hashed: one without reason codes hashes as it did,
        // so no data directory sees a change it did not make.
        if (config.NotReadyReasonCodes.Count > 0 || config.LogoutReasonCodes.Count > 0)
        {
            foreach (var list in new[] { config.NotReadyReasonCodes, config.LogoutReasonCodes })
            {
                h.Int(list.Count);
                foreach (var c in list)
                {
                    h.Int(c.Code);
                    h.Text(c.Label);
                }
            }
        }
        // Added later alike: hashed only when given, and with the clock pinned, not only the zone's name.
        if (config.TimeZone is { } zone)
        {
            h.Text("timeZone:" + zone);
            var offsets = zoneOffsets ? config.TimeZoneOffsets ?? [] : [];
            h.Int(offsets.Count);
            foreach (var o in offsets)
            {
                // In milliseconds, as the clock reads them: two offsets apart by less still route apart.
                h.Text(o.From.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
                h.Int(o.OffsetMinutes);
            }
        }
        return hash.GetHashAndReset();
    }

    private static void Nodes(Hasher h, IReadOnlyList<ScriptNode> nodes)
    {
        h.Int(nodes.Count);
        foreach (var node in nodes)
        {
            switch (node)
            {
                case QueueNode q:
                    h.Int(1);
                    h.Int(q.SkillGroups.Count);
                    foreach (var g in q.SkillGroups) h.Int(g);
                    h.Int(q.PrecisionQueue);
                    h.Int(q.Priority);
                    h.Int((int)q.Selection);
                    h.Int(q.RaisePriorityEverySeconds);
                    break;
                case WaitNode w:
                    h.Int(2);
                    h.Int(w.Seconds);
                    break;
                case IfNode f:
                    h.Int(3);
                    Condition(h, f.Condition);
                    Nodes(h, f.Then);
                    Nodes(h, f.Else);
                    break;
                case PercentNode p:
                    h.Int(4);
                    h.Int(p.Branches.Count);
                    foreach (var b in p.Branches)
                    {
                        h.Int(b.Percent);
                        Nodes(h, b.Nodes);
                    }
                    break;
                case LabelNode l:
                    h.Int(5);
                    h.Text(l.Label);
                    break;
                case RejectNode r:
                    h.Int(6);
                    h.Text(r.Reason);
                    break;
                default:
                    // A node kind this hash does not know: its name at least tells configurations apart.
                    h.Int(0);
                    h.Text(node.GetType().FullName);
                    break;
            }
        }
    }

    private static void Condition(Hasher h, Condition? condition)
    {
        switch (condition)
        {
            case null:
                h.Int(0);
                break;
            case Comparison c:
                h.Int(1);
                h.Int((int)c.Operand);
                h.Int(c.Number);
                h.Text(c.Name);
                h.Int((int)c.Operator);
                h.Text(c.Value);
                break;
            case AllOf all:
                h.Int(2);
                h.Int(all.Conditions.Count);
                foreach (var c in all.Conditions) Condition(h, c);
                break;
            case AnyOf any:
                h.Int(3);
                h.Int(any.Conditions.Count);
                foreach (var c in any.Conditions) Condition(h, c);
                break;
            case Not not:
                h.Int(4);
                Condition(h, not.Condition);
                break;
            default:
                h.Int(5);
                h.Text(condition.GetType().FullName);
                break;
        }
    }

    private readonly struct Hasher(IncrementalHash hash)
    {
        public void Int(int value)
        {
            Span<byte> bytes = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
            hash.AppendData(bytes);
        }

        public void Text(string? value)
        {
            if (value is null)
            {
                Int(-1);
                return;
            }
            Int(value.Length);
            hash.AppendData(Encoding.UTF8.GetBytes(value));
        }
    }
}
