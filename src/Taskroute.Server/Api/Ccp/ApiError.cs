namespace Taskroute.Server.Api.Ccp;

/// <summary>One problem with a request, as CCP reports it: the field (errorData) and what is wrong (errorMessage).</summary>
public sealed record ApiError(string Field, string Message)
{
    /// <summary>
    /// A problem as the core says it, "field: what is wrong" (TaskData's checks, the engine's
    /// refusals), split into its field and message; without a field of its own it is
    /// <paramref name="otherwise"/>'s.
    /// </summary>
    public static ApiError FromProblem(string problem, string otherwise)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var colon = problem.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && problem.AsSpan(0, colon).IndexOfAnyExcept(FieldCharacters) < 0
            ? new ApiError(problem[..colon], problem[(colon + 2)..])
            : new ApiError(otherwise, problem);
    }

    private static readonly System.Buffers.SearchValues<char> FieldCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_/.-");
}
