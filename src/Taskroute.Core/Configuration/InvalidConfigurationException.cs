namespace Taskroute.Core.Configuration;

public sealed class InvalidConfigurationException(IReadOnlyList<ConfigurationError> errors)
    : Exception("invalid configuration: " + string.Join("; ", errors))
{
    public IReadOnlyList<ConfigurationError> Errors { get; } = errors;
}
