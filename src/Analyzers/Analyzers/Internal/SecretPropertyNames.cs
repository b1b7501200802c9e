namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>Keys of <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/> shared with the code fix.</summary>
internal static class SecretPropertyNames
{
    /// <summary>The configuration key the code fix reads (e.g. <c>Wechat:AppSecret</c>).</summary>
    public const string ConfigurationKey = "ConfigurationKey";

    /// <summary>Present (value <c>false</c>) when no run-time read can replace the value (const, attribute, parameter default, UTF-8).</summary>
    public const string Fixable = "Fixable";

    /// <summary>GAH003: present when a code fix applies; its value names the fix.</summary>
    public const string Fix = "Fix";

    /// <summary>GAH003: <c>token.Value</c> becomes <c>token.RedactedValue</c>.</summary>
    public const string RedactedValueFix = "RedactedValue";
}
