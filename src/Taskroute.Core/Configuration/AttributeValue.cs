namespace Taskroute.Core.Configuration;

/// <summary>Reads an attribute value as a number: booleans as 0 or 1, proficiencies as 1 to 10.</summary>
public static class AttributeValue
{
    public static int? Parse(AttributeType type, string? text)
    {
        if (text is null) return null;
        text = text.Trim();
        if (type == AttributeType.Boolean)
        {
            if (bool.TryParse(text, out var b)) return b ? 1 : 0;
            return null;
        }
        return int.TryParse(text, out var n) && n is >= 1 and <= 10 ? n : null;
    }
}
