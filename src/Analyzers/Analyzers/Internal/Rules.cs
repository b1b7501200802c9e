using Microsoft.CodeAnalysis;

namespace GenAuth.Hexagonal.Analyzers.Internal;

/// <summary>The diagnostic descriptors, with help links into the README's rule table.</summary>
internal static class Rules
{
    private const string HelpBase = "https://github.com/genauth-hexagonal/GenAuth.Hexagonal#";

    public static readonly DiagnosticDescriptor HardcodedSecretInCode = new(
        DiagnosticIds.HardcodedSecretInCode,
        title: "Hard-coded app secret or access key secret",
        messageFormat: "A hard-coded secret reaches '{0}'; read it from configuration, user secrets or an environment variable instead",
        category: "Security",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An app secret or access key secret written into source code ends up in version control, build output and every copy of the binaries. Read it at run time from configuration backed by user secrets, environment variables or a vault.",
        helpLinkUri: HelpBase + "gah001-hard-coded-secret-in-code");

    public static readonly DiagnosticDescriptor HardcodedSecretInConfigurationFile = new(
        DiagnosticIds.HardcodedSecretInConfigurationFile,
        title: "Hard-coded app secret or access key secret in a configuration file",
        messageFormat: "'{0}' in '{1}' holds a hard-coded secret; keep it in user secrets, an environment variable or a vault instead",
        category: "Security",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "appsettings*.json files are committed and copied to the build output. Leave the secret out of them (or use a placeholder) and supply it from user secrets, environment variables or a vault.",
        helpLinkUri: HelpBase + "gah002-hard-coded-secret-in-appsettings");

    public static readonly DiagnosticDescriptor SecretInLog = new(
        DiagnosticIds.SecretInLog,
        title: "Secret or whole access token in a log or message",
        messageFormat: "'{0}' is a secret or a whole access token and flows into {1}; write a redacted form instead (RedactedValue, a length, a hash)",
        category: "Security",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Logs, console output, debug traces and exception messages are kept, shipped and read by people who must not hold the app secret or a usable access token. Write WechatAccessToken.RedactedValue, a length or a hash instead of the value.",
        helpLinkUri: HelpBase + "gah003-secret-or-token-in-a-log-or-message");
}
