using System.Buffers;
using System.Runtime.CompilerServices;

namespace Taskroute.Analyzer;

/// <summary>Finds which <see cref="IdWords"/> a line holds.</summary>
internal static class IdWordsFinder
{
    private static readonly string[] Words = ["CID=(", "TaskID", "ICMAgentID", "MRD", "SkillGroup", "Per", "InvokeID", "ANI=", "Disposition", "ErrorCode="];
    private static readonly SearchValues<string> Any = SearchValues.Create(Words, StringComparison.Ordinal);

    /// <summary>Every word that starts anywhere in <paramref name="text"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IdWords In(ReadOnlySpan<char> text)
    {
        var found = IdWords.None;
        var from = 0;
        while (from < text.Length)
        {
            var at = text[from..].IndexOfAny(Any);
            if (at < 0) break;
            at += from;
            var rest = text[at..];
            for (var w = 0; w < Words.Length; w++)
                if (rest.StartsWith(Words[w], StringComparison.Ordinal)) found |= (IdWords)(1 << w);
            from = at + 1;
        }
        return found;
    }
}
