namespace GenAuth.Hexagonal.Analyzers;

/// <summary>The <c>.editorconfig</c> options read by the GenAuth.Hexagonal analyzers.</summary>
/// <remarks>
/// Severity is set the usual way: <c>dotnet_diagnostic.GAH001.severity = error</c>.
/// Values may not contain <c>#</c> or <c>;</c> (the <c>.editorconfig</c> parser treats them as comments).
/// </remarks>
public static class AnalyzerOptionNames
{
    /// <summary>
    /// <c>genauth_hexagonal.extra_secret_names</c>: more names, separated by commas or spaces, that hold secrets
    /// (matched like the built-in <c>AppSecret</c> and <c>AccessKeySecret</c>: ignoring case and separators,
    /// at the end of a name). Example: <c>partner_key, ClientSecret</c>.
    /// </summary>
    public const string ExtraSecretNames = "genauth_hexagonal.extra_secret_names";

    /// <summary>
    /// <c>genauth_hexagonal.extra_placeholder_patterns</c>: .NET regular expressions, separated by spaces, matched
    /// (case-insensitively, anywhere unless anchored) against a value; a matching value is a placeholder, not a secret.
    /// Example: <c>^fake- ^dev-only-</c>.
    /// </summary>
    public const string ExtraPlaceholderPatterns = "genauth_hexagonal.extra_placeholder_patterns";
}
