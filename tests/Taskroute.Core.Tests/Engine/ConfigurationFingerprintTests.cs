using System.Collections;
using System.Reflection;
using Taskroute.Core.Engine.Snapshots;
using Taskroute.Core.Lab;

namespace Taskroute.Core.Tests.Engine;

/// <summary>
/// A snapshot restored under a configuration that differs from the one it was taken with would be
/// silently wrong, so its fingerprint must see every field. The fingerprint is written field by
/// field; this walks the configuration by reflection and changes each field in turn.
/// </summary>
public class ConfigurationFingerprintTests
{
    [Fact]
    public void Changing_any_field_of_the_configuration_changes_its_fingerprint()
    {
        var config = LabConfiguration.Create();
        // The lab lists no reason codes: given some, their fields are walked too.
        typeof(Taskroute.Core.Configuration.RoutingConfiguration).GetProperty(nameof(config.NotReadyReasonCodes))!
            .SetValue(config, new List<Taskroute.Core.Configuration.ReasonCode> { new() { Code = 1, Label = "Break" } });
        typeof(Taskroute.Core.Configuration.RoutingConfiguration).GetProperty(nameof(config.LogoutReasonCodes))!
            .SetValue(config, new List<Taskroute.Core.Configuration.ReasonCode> { new() { Code = 20, Label = "End of shift" } });
        var original = ConfigurationFingerprint.Of(config);
        var unseen = new List<string>();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var fields = 0;

        void Walk(object node, string path)
        {
            if (!visited.Add(node)) return;
            foreach (var property in node.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length > 0) continue;
                var value = property.GetValue(node);
                var where = $"{path}.{property.Name}";
                if (property.SetMethod is not null && Changed(value, property.PropertyType) is { } other)
                {
                    fields++;
                    property.SetValue(node, other);
                    if (ConfigurationFingerprint.Of(config).AsSpan().SequenceEqual(original)) unseen.Add(where);
                    property.SetValue(node, value);
                }
                else if (value is IEnumerable items and not string and not IDictionary)
                {
                    var i = 0;
                    foreach (var item in items)
                        if (item is not null && !item.GetType().IsValueType) Walk(item, $"{where}[{i++}]");
                }
                else if (value is not null && value is not string && !value.GetType().IsValueType && value.GetType().Namespace?.StartsWith("Taskroute", StringComparison.Ordinal) == true)
                {
                    Walk(value, where);
                }
            }
        }

        Walk(config, "config");
        Assert.True(fields > 50, $"only {fields} fields were tried: the walk lost its way");
        Assert.Empty(unseen);
        Assert.Equal(original, ConfigurationFingerprint.Of(config));
    }

    private static object? Changed(object? value, Type type) => value switch
    {
        int i => i + 1,
        long l => l + 1,
        bool b => !b,
        string s => s + "x",
        Enum e => Enum.GetValues(type).Cast<object>().FirstOrDefault(v => !v.Equals(e)),
        null when type == typeof(string) => "x",
        _ => null,
    };
}
