using Microsoft.AspNetCore.Mvc;

namespace Taskroute.Server.Api.Configuration;

/// <summary>
/// The shape of a refused configuration change, for the OpenAPI document: a 400 names each mistake
/// in <c>errors</c> as <c>taskroute validate</c> does, a 409 each piece of open work the new file has
/// no place for in <c>causes</c>.
/// </summary>
public sealed class ConfigurationProblemDetails : ProblemDetails
{
    public IReadOnlyList<ConfigurationMistake>? Errors { get; set; }

    public IReadOnlyList<string>? Causes { get; set; }

    public sealed record ConfigurationMistake(string Path, string Message)
    {
        /// <summary>The entry the path's index points at, by its ids (<c>agent 5172, login id 1080</c>); left out where the path is not in a list or the entry gives none.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public string? Entity { get; init; }
    }
}
