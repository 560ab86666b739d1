using System.Collections;
using System.Reflection;

namespace Taskroute.Core.Configuration;

/// <summary>
/// Finds the holes a configuration file can leave that the types do not allow: an empty list entry
/// (<c>- </c> in YAML, <c>null</c> in JSON), or <c>null</c> where a list, a script node or a name
/// belongs. Run before the rules, which may take every value as present.
/// </summary>
public static class MissingValueScan
{
    public static void Check(object value, string path, Action<string, string> error) =>
        // A context of its own per scan: NullabilityInfoContext caches without locks.
        Check(value, path, error, new NullabilityInfoContext());

    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2075",
        Justification = "Configuration types keep their public properties: the configuration reader sets every one of them.")]
    private static void Check(object value, string path, Action<string, string> error, NullabilityInfoContext nullability)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            // Only the values a file can set: computed properties are the types' own business.
            if (property.GetIndexParameters().Length > 0 || !property.CanRead || property.SetMethod is null) continue;
            var type = property.PropertyType;
            if (type.IsValueType || type == typeof(string) && property.GetValue(value) is not null) continue;
            var child = property.GetValue(value);
            var name = path.Length == 0 ? Camel(property.Name) : $"{path}.{Camel(property.Name)}";
            if (child is null)
            {
                if (nullability.Create(property).ReadState == NullabilityState.NotNull) error(name, "required, and may not be null");
                continue;
            }
            if (child is string) continue;
            if (child is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                    if (entry.Value is null) error($"{name}.{entry.Key}", "may not be null");
                continue;
            }
            if (child is IEnumerable items)
            {
                var i = 0;
                foreach (var item in items)
                {
                    if (item is null) error($"{name}[{i}]", "an empty entry: give a value or remove the line");
                    else if (IsOurs(item.GetType())) Check(item, $"{name}[{i}]", error, nullability);
                    i++;
                }
                continue;
            }
            if (IsOurs(type) || IsOurs(child.GetType())) Check(child, name, error, nullability);
        }
    }

    // Only Taskroute's own configuration and script types are walked: framework types are leaves.
    private static bool IsOurs(Type type) => type.Namespace?.StartsWith("Taskroute.Core", StringComparison.Ordinal) == true && !type.IsEnum;

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
