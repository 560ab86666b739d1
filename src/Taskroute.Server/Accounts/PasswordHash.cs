using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Taskroute.Server.Accounts;

/// <summary>PBKDF2-SHA256 password hashes, written <c>pbkdf2-sha256$iterations$salt$hash</c> (base64).</summary>
public static class PasswordHash
{
    /// <summary>The iterations of a new hash.</summary>
    public const int Iterations = 100_000;

    public static string Create(string password) => Create(password, Iterations);

    /// <summary>With fewer iterations only for throwaway accounts, such as a load test's thousand simulated agents.</summary>
    public static string Create(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        return $"pbkdf2-sha256${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>The iterations <paramref name="encoded"/> names, or null when it is not a hash of this form.</summary>
    public static int? IterationsOf(string encoded) => Parse(encoded)?.Iterations;

    /// <summary>The salt's and the derived key's lengths in bytes, or null when it is not a hash of this form.</summary>
    public static (int Salt, int Key)? LengthsOf(string encoded) => Parse(encoded) is { } parsed ? (parsed.Salt.Length, parsed.Key.Length) : null;

    // One reading for the checks and the sign-in, so a hash warned of nowhere is not one a sign-in reads otherwise
    // (an iteration count "+1" or " 1" was read by the sign-in and passed over by the warnings).
    private static (int Iterations, byte[] Salt, byte[] Key)? Parse(string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1) return null;
        try
        {
            return (iterations, Convert.FromBase64String(parts[2]), Convert.FromBase64String(parts[3]));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static bool Verify(string password, string encoded)
    {
        if (Parse(encoded) is not var (iterations, salt, expected) || expected.Length == 0) return false;
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
