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
        foreach (var name in Enum.GetNames<T>())
        {
            if (!string.Equals(name, text, StringComparison.OrdinalIgnoreCase)) continue;
            value = Enum.Parse<T>(name);
            return true;
        }
        value = default;
        return false;
    }
}
