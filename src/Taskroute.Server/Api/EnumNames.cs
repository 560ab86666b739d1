namespace Taskroute.Server.Api;

/// <summary>
/// Reads a value by its name only (any case). <c>Enum.TryParse</c> also takes numbers and
/// comma-separated lists, so "1" or "START,WRAP_UP" (Start | WrapUp = Close) would be actions no
/// client named.
/// </summary>
internal static class EnumNames
{
    public static bool TryParse<T>(string text, out T value) where T : struct, Enum
    {
        foreach (var (name, named) in Names<T>.All)
        {
            if (!string.Equals(name, text, StringComparison.OrdinalIgnoreCase)) continue;
            value = named;
            return true;
        }
        value = default;
        return false;
    }

    // Read once per type: a desktop's every step names an action.
    private static class Names<T> where T : struct, Enum
    {
        public static readonly (string Name, T Value)[] All = [.. Enum.GetValues<T>().Select(v => (v.ToString(), v))];
    }
}
