using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Taskroute.Server.Configuration;

/// <summary>
/// How many values a YAML text stands for once its aliases are expanded. Nine lines of anchors that
/// repeat each other stand for billions of values ("billion laughs"): reading them would take all the
/// memory. Counted on the parser's events, before anything is expanded.
/// </summary>
internal static class YamlExpansion
{
    /// <summary>A contact centre of thousands of agents is some hundred thousand values.</summary>
    public const long MaxValues = 1_000_000;

    /// <summary>Null when the text expands to at most <see cref="MaxValues"/> values; otherwise what is wrong.</summary>
    public static string? Problem(string text)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<(string? Anchor, long Count)>();
        long total = 0;
        var parser = new Parser(new StringReader(text));
        // Adds n values where the parser is now; false once the text stands for too many.
        bool Add(long n)
        {
            if (open.Count == 0) total += n;
            else
            {
                var (anchor, count) = open.Pop();
                open.Push((anchor, count + n));
                total = Math.Max(total, count + n);
            }
            return total <= MaxValues;
        }
        while (Next(parser))
        {
            var ok = true;
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.Scalar scalar:
                    if (!scalar.Anchor.IsEmpty) sizes[scalar.Anchor.Value] = 1;
                    ok = Add(1);
                    break;
                case AnchorAlias alias:
                    ok = Add(sizes.GetValueOrDefault(alias.Value.Value, 1L));
                    break;
                case NodeEvent start when start is SequenceStart or MappingStart:
                    open.Push((start.Anchor.IsEmpty ? null : start.Anchor.Value, 0));
                    break;
                case SequenceEnd or MappingEnd:
                    var (name, values) = open.Pop();
                    if (name is not null) sizes[name] = values + 1;
                    ok = Add(values + 1);
                    break;
            }
            if (!ok) return $"the file stands for more than {MaxValues:N0} values once its aliases (*name) are expanded; a configuration that large is a mistake";
        }
        return null;
    }

    // The scanner fails on some broken text in ways of its own; the reader that follows names the problem then.
    private static bool Next(Parser parser)
    {
        try
        {
            return parser.MoveNext();
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
