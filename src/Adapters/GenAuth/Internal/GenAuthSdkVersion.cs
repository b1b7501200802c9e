using System.Reflection;

namespace GenAuth.Hexagonal.Adapters.GenAuth.Internal;

/// <summary>The <c>{prefix}sdk-version</c> header value: <c>genauth-hexagonal:&lt;informational version&gt;</c> (without the commit suffix).</summary>
internal static class GenAuthSdkVersion
{
    public static string Value { get; } = Create();

    private static string Create()
    {
        var assembly = typeof(GenAuthSdkVersion).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString(3)
            ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return "genauth-hexagonal:" + (plus >= 0 ? version[..plus] : version);
    }
}
